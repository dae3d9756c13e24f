/*
 * Measurement script (not a library API):
 *   node -r @swc-node/register libs/scheduler/simulator/src/run-openb.ts [traces] [policies] [seeds] [workers]
 *   e.g. ... run-openb.ts default,cpu050 fgd,bestfit,packing 42-51 2
 * Prints one line per trace × policy with the mean unallocated GPU % at 100% arrived load.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OpenbPolicy } from './openb/policies';
import { runOpenb } from './openb/run-openb-protocol';

const dataDir = process.env['OPENB_DIR'] ?? join(__dirname, '../../../../../shared/data/openb');

function runSeeds(trace: string, policy: OpenbPolicy, seeds: number[]): number[] {
  const nodesCsv = readFileSync(join(dataDir, 'openb_node_list_gpu_node.csv'), 'utf8');
  const podsCsv = readFileSync(join(dataDir, `openb_pod_list_${trace}.csv`), 'utf8');
  return seeds.map((seed) => runOpenb({ nodesCsv, podsCsv, policy, seed }).unallocatedGpuPctAt100);
}

function inWorker(trace: string, policy: OpenbPolicy, seeds: number[], workers: number): Promise<number[]> {
  const shares = Array.from({ length: workers }, (_, w) => seeds.filter((_, i) => i % workers === w)).filter((s) => s.length > 0);
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<number[]>((resolve, reject) => {
          const child = fork(__filename, ['--worker', trace, policy, share.join(',')], { execArgv: process.execArgv });
          child.on('message', (m) => resolve(m as number[]));
          child.on('error', reject);
        }),
    ),
  ).then((parts) => parts.flat());
}

async function main(): Promise<void> {
  const [, , first, ...rest] = process.argv;
  if (first === '--worker') {
    const [trace, policy, seeds] = rest;
    process.send?.(runSeeds(trace ?? 'default', policy as OpenbPolicy, (seeds ?? '42').split(',').map(Number)));
    process.exit(0);
  }
  const traces = (first ?? 'default').split(',');
  const policies = (rest[0] ?? 'fgd,bestfit,packing').split(',') as OpenbPolicy[];
  const [from, to] = (rest[1] ?? '42-51').split('-').map(Number);
  const seeds = Array.from({ length: (to ?? from ?? 42) - (from ?? 42) + 1 }, (_, i) => (from ?? 42) + i);
  const workers = Number(rest[2] ?? 2);
  for (const trace of traces) {
    for (const policy of policies) {
      const started = Date.now();
      const values = await inWorker(trace, policy, seeds, workers);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const took = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${trace}\t${policy}\t${mean.toFixed(2)}\t[${values.map((v) => v.toFixed(2)).join(' ')}]\t${took}s`);
    }
  }
}

void main();
