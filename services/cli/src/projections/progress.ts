import { type BuildProgress } from '@keel/projections';
import { SingleBar } from 'cli-progress';

/** Shows a build's progress; `stop` ends the display. */
export interface ProgressDisplay {
  update(progress: BuildProgress): void;
  stop(): void;
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/** Rate of this run (events it applied per second since it began), and the time left at that rate. */
class Rate {
  private first: { at: number; events: number } | undefined;

  constructor(private readonly now: () => number) {}

  measure(progress: BuildProgress): { perSec: number; etaSec: number } {
    this.first ??= { at: this.now(), events: progress.events };
    const seconds = (this.now() - this.first.at) / 1000;
    const perSec = seconds > 0 ? (progress.events - this.first.events) / seconds : 0;
    return { perSec, etaSec: perSec > 0 ? (progress.total - progress.events) / perSec : Number.POSITIVE_INFINITY };
  }
}

/**
 * Plain progress lines for logs (CI): one when a build starts, then at most one every `intervalMs` or
 * each further 10%, e.g. `read-models → read_rebuild: 400,000 / 1,001,533 events (40%), 95,210 events/s, ETA 7 s`.
 */
export function lineProgress(print: (line: string) => void, intervalMs = 5_000, now: () => number = Date.now): ProgressDisplay {
  const rate = new Rate(now);
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastStep = -1;
  return {
    update: (p) => {
      const { perSec, etaSec } = rate.measure(p);
      const percent = p.total > 0 ? Math.min(100, Math.floor((p.events / p.total) * 100)) : 100;
      const step = Math.floor(percent / 10);
      if (now() - lastAt < intervalMs && step <= lastStep) return;
      lastAt = now();
      lastStep = step;
      print(`${p.projection} → ${p.schema}: ${number(p.events)} / ${number(p.total)} events (${percent}%), ${number(perSec)} events/s, ETA ${eta(etaSec)}`);
    },
    stop: () => undefined,
  };
}

/** A progress bar with rate and ETA on a terminal (cli-progress, on stderr). */
export function barProgress(stream: NodeJS.WritableStream = process.stderr, now: () => number = Date.now): ProgressDisplay {
  const rate = new Rate(now);
  const bar = new SingleBar({
    stream,
    format: '{projection} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {etaText}',
    hideCursor: true,
    clearOnComplete: false,
    formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? number(value) : String(value)),
  });
  let started = false;
  return {
    update: (p) => {
      const { perSec, etaSec } = rate.measure(p);
      const payload = { projection: `${p.projection} → ${p.schema}`, rate: number(perSec), etaText: eta(etaSec) };
      if (!started) {
        bar.start(p.total, p.events, payload);
        started = true;
      }
      bar.setTotal(p.total);
      bar.update(p.events, payload);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** A bar when stdout is a terminal, plain log lines otherwise (CI). */
export function progressFor(stdout: NodeJS.WriteStream = process.stdout): ProgressDisplay {
  return stdout.isTTY ? barProgress() : lineProgress((line) => process.stderr.write(`${line}\n`));
}
