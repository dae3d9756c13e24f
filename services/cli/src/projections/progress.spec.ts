import { type BuildProgress } from '@keel/projections';
import { lineProgress } from './progress';

const at = (events: number, total = 1_000_000): BuildProgress => ({
  projection: 'read-models', schema: 'read_rebuild', purpose: 'rebuild', events, total, checkpoint: `1:${events}`, committed: false,
});

describe('plain progress lines (no terminal)', () => {
  it('prints the first update, then every 10% or after the interval, with rate and ETA', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = lineProgress((line) => lines.push(line), 5_000, () => now);
    progress.update(at(0));
    now = 1_000;
    progress.update(at(50_000));
    now = 2_000;
    progress.update(at(100_000));
    now = 3_000;
    progress.update(at(150_000));
    now = 9_000;
    progress.update(at(160_000));
    expect(lines).toEqual([
      'read-models → read_rebuild: 0 / 1,000,000 events (0%), 0 events/s, ETA ?',
      'read-models → read_rebuild: 100,000 / 1,000,000 events (10%), 50,000 events/s, ETA 18 s',
      'read-models → read_rebuild: 160,000 / 1,000,000 events (16%), 17,778 events/s, ETA 48 s',
    ]);
  });
});
