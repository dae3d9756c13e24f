import { type Command } from 'commander';
import { runDemo } from '../demo/run-demo';

/** `keel demo`: loads the product brief's example cluster through the API and prints its tables. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the example cluster, models and deployments through the API (run `npm start` first) and print the cluster and deployment tables')
    .option('--url <base>', 'base URL of a running Keel API', 'http://127.0.0.1:8080')
    .action(async (options: { url: string }) => {
      await runDemo(options.url, (line) => console.log(line));
    });
}

export { runDemo, type DemoResult } from '../demo/run-demo';
