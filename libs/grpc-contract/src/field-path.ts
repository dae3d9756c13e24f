/** JSON names of the contract's map fields: what follows one of them in a path is a key, kept as it is. */
const MAP_FIELDS = new Set(['labels', 'nodeSelector', 'matchLabels', 'reasons']);

/** `memoryMiB` → `memory_mib`, `requiredDuringScheduling…` → `required_during_scheduling…`. */
export function protoFieldName(jsonName: string): string {
  return jsonName
    .replace(/MiB/g, 'Mib')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The JSON name of a field of the contract, as `protoc` records it from the `.proto` files: lowerCamel
 * (`kv_heads` → `kvHeads`), and `MiB` where the field declares it (`memory_mib` → `memoryMiB`).
 */
export function jsonFieldName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/Mib$/, 'MiB');
}

/**
 * A field path in JSON names, as Keel's validation reports it (`devices[0].memoryMiB`,
 * `labels.example.com/tier`), as protocol buffer field names (`devices[0].memory_mib`,
 * `labels.example.com/tier`): what google.rpc.BadRequest field violations carry. Relies on the
 * contract's naming rule (a field's JSON name is its name in lowerCamel, `MiB` for `mib`), which a test
 * checks against every `.proto` file.
 */
export function protoFieldPath(jsonPath: string): string {
  const out: string[] = [];
  const segments = jsonPath.split('.');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const [, name = segment, indexes = ''] = /^([^[]*)((?:\[\d+\])*)$/.exec(segment) ?? [];
    out.push(`${protoFieldName(name)}${indexes}`);
    if (MAP_FIELDS.has(name) && indexes === '' && i + 1 < segments.length) {
      out.push(segments.slice(i + 1).join('.'));
      break;
    }
  }
  return out.join('.');
}

/** The map fields {@link protoFieldPath} knows, by JSON name (checked against the `.proto` files). */
export const CONTRACT_MAP_FIELDS: ReadonlySet<string> = MAP_FIELDS;
