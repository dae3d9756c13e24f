/*
 * Measurement script: node -r @swc-node/register libs/scheduler/simulator/src/run-bench.ts [nodes] [gpusPerNode]
 * Prints the bench JSON, and the process CPU seconds on stderr (the machine may be shared).
 */
import { benchScheduler } from './bench/bench-scheduler';

const nodes = Number(process.argv[2] ?? 5000);
const gpusPerNode = Number(process.argv[3] ?? 8);
const before = process.cpuUsage();
console.log(JSON.stringify(benchScheduler({ nodes, gpusPerNode })));
const used = process.cpuUsage(before);
console.error(`cpu seconds: ${((used.user + used.system) / 1e6).toFixed(2)}`);
