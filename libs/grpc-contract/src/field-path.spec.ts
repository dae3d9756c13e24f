import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_MAP_FIELDS, jsonFieldName, protoFieldName, protoFieldPath } from './field-path';
import { PROTO_ROOT, protoFiles } from './proto-files';

const keelProtos = protoFiles().filter((file) => file.startsWith('keel/'));
const source = (file: string): string => readFileSync(join(PROTO_ROOT, file), 'utf8');
const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

describe('protoFieldPath', () => {
  it.each([
    ['name', 'name'],
    ['devices[0].memoryMiB', 'devices[0].memory_mib'],
    ['template.acceptableGpuModels[0]', 'template.acceptable_gpu_models[0]'],
    ['template.gpuMemoryMiB', 'template.gpu_memory_mib'],
    ['scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]', 'scheduling.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms[0]'],
    ['labels.example.com/Tier', 'labels.example.com/Tier'],
    ['pods[2].nodeSelector.kubernetes.io/hostName', 'pods[2].node_selector.kubernetes.io/hostName'],
    ['minCheckpoint', 'min_checkpoint'],
    ['expectedVersion', 'expected_version'],
  ])('turns the JSON path %s into the field path %s', (json, proto) => {
    expect(protoFieldPath(json)).toBe(proto);
  });
});

describe('the naming rule of the .proto files', () => {
  it('gives every field the JSON name jsonFieldName computes, which protoFieldName turns back into its name', () => {
    const fields = keelProtos.flatMap((file) =>
      [...source(file).matchAll(/^\s*(?:optional |repeated )?[\w.<>, ]+ (\w+) = \d+(?: \[json_name = "(\w+)"\])?;/gm)].map((m) => ({ file, name: m[1]!, json: m[2] ?? lowerCamel(m[1]!) })),
    );
    expect(fields.length).toBeGreaterThan(200);
    expect(fields.filter((f) => protoFieldName(f.json) !== f.name)).toEqual([]);
    expect(fields.filter((f) => jsonFieldName(f.name) !== f.json)).toEqual([]);
  });

  it('declares json_name exactly where lowerCamel would not give the REST name (MiB)', () => {
    const declared = keelProtos.flatMap((file) => [...source(file).matchAll(/ (\w+) = \d+ \[json_name = "(\w+)"\]/g)].map((m): [string, string] => [m[1]!, m[2]!]));
    expect(declared.length).toBeGreaterThan(0);
    for (const [name, json] of declared) expect(json).toBe(lowerCamel(name).replace(/Mib$/, 'MiB'));
    const undeclared = keelProtos.flatMap((file) => [...source(file).matchAll(/ (\w*mib) = \d+;/g)].map((m) => `${file}: ${m[1]}`));
    expect(undeclared).toEqual([]);
  });

  it('has no map fields besides those protoFieldPath keeps keys of', () => {
    const maps = new Set(keelProtos.flatMap((file) => [...source(file).matchAll(/map<[^>]+> (\w+) = /g)].map((m) => lowerCamel(m[1]!))));
    expect([...maps].sort()).toEqual([...CONTRACT_MAP_FIELDS].sort());
  });
});
