/* Measurement script: node -r @swc-node/register libs/scheduler/simulator/src/run-bench.ts [nodes] [gpusPerNode] */
import { benchScheduler } from './bench/bench-scheduler';

const nodes = Number(process.argv[2] ?? 5000);
const gpusPerNode = Number(process.argv[3] ?? 8);
console.log(JSON.stringify(benchScheduler({ nodes, gpusPerNode })));
