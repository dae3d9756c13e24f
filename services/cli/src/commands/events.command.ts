import { type Command } from 'commander';
import { parseCheckpoint, type PostgresEventStore } from '@keel/event-store';
import { eventLine, type EventLine, tailEvents } from '@keel/history';
import { UsageError } from '../config';
import { type Print, withEventStore } from '../history/store';

/** Options of `keel events tail`. */
export interface TailCommandOptions {
  follow?: boolean;
  stream?: string;
  type?: string;
  from?: string;
  json?: boolean;
  /** Poll interval while following (ms). */
  pollMs?: number;
  /** Stops `--follow` (Ctrl-C in the CLI). */
  signal?: AbortSignal;
}

/** One event as a text line: position, time, stream, type, actor. */
export function formatEventLine(line: EventLine): string {
  return [String(line.position).padStart(8), line.time, line.streamId.padEnd(32), line.type.padEnd(22), line.actor ?? '-'].join('  ').trimEnd();
}

function checkpointOption(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    parseCheckpoint(raw);
  } catch (error) {
    throw new UsageError(`--from: ${(error as Error).message}`);
  }
  return raw.trim();
}

/** `keel events tail`: the global log from a checkpoint, filtered; with `follow`, until `signal` aborts. Answers the count printed. */
export async function runEventsTail(store: PostgresEventStore, options: TailCommandOptions, print: Print = console.log): Promise<number> {
  const from = checkpointOption(options.from);
  if (options.stream !== undefined && options.stream.trim() === '') throw new UsageError('--stream: must not be empty');
  if (options.type !== undefined && options.type.trim() === '') throw new UsageError('--type: must not be empty');
  let count = 0;
  const events = tailEvents(store, { from, stream: options.stream, type: options.type, follow: options.follow, pollMs: options.pollMs, signal: options.signal });
  for await (const event of events) {
    const line = eventLine(event);
    print(options.json ? JSON.stringify(line) : formatEventLine(line));
    count += 1;
  }
  return count;
}

/** `keel events show <stream>`: every event of one stream with its data. Throws when the stream has none. */
export async function runEventsShow(store: PostgresEventStore, stream: string, options: { json?: boolean }, print: Print = console.log): Promise<number> {
  const events = await store.readStream(stream);
  if (events.length === 0) throw new Error(`stream ${stream} has no events`);
  for (const event of events) {
    const line = eventLine(event);
    if (options.json) print(JSON.stringify(line));
    else print(`v${event.streamVersion}  ${formatEventLine(line).trimStart()}\n    ${JSON.stringify(line.data)}`);
  }
  return events.length;
}

/** Registers `keel events tail` and `keel events show <stream>` (straight from Postgres, DATABASE_URL). */
export function registerEvents(program: Command): void {
  const events = program.command('events').description('read the event log (DATABASE_URL)');
  events
    .command('tail')
    .description('print the global log, one line per event: position, time, stream, type, actor')
    .option('--follow', 'keep printing new events until Ctrl-C')
    .option('--stream <stream>', 'only events of this stream (e.g. node-gpu-node-01)')
    .option('--type <type>', 'only events of this type (e.g. NodeCordoned)')
    .option('--from <checkpoint>', 'start after this checkpoint (<transactionId>:<position>)')
    .option('--json', 'print NDJSON, one event per line')
    .action(async (options: TailCommandOptions) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        await withEventStore((store) => runEventsTail(store, { ...options, signal: controller.signal }));
      } finally {
        process.off('SIGINT', stop);
      }
    });
  events
    .command('show <stream>')
    .description('print every event of one stream with its data')
    .option('--json', 'print NDJSON, one event per line')
    .action((stream: string, options: { json?: boolean }) => withEventStore((store) => runEventsShow(store, stream, options)).then(() => undefined));
}
