import { Command, CommanderError } from 'commander';
import { registerBench } from './commands/bench.command';
import { registerDemo } from './commands/demo.command';
import { registerEvents } from './commands/events.command';
import { registerMigrate } from './commands/migrate.command';
import { registerOrb } from './commands/orb.command';
import { registerProjections } from './commands/projections.command';
import { registerProjector } from './commands/projector.command';
import { registerReplay } from './commands/replay.command';
import { registerScheduler } from './commands/scheduler.command';
import { registerSimulate } from './commands/simulate.command';
import { registerStart } from './commands/start.command';
import { registerTimeTravel } from './commands/time-travel.command';
import { UsageError } from './config';

const program = new Command('keel')
  .description('Keel: event-sourced control plane for LLM inference on GPU clusters')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerStart(program);
registerMigrate(program);
registerBench(program);
registerSimulate(program);
registerDemo(program);
registerEvents(program);
registerTimeTravel(program);
registerProjector(program);
registerScheduler(program);
registerProjections(program);
registerReplay(program);
registerOrb(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
