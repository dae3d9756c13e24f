import { EventEmitter } from 'node:events';
import { compareCheckpoints } from './checkpoint';

/** A committed checkpoint as one process knows it, and waiters for it to reach a token. */
export class CheckpointWatch {
  private value = '0:0';
  private readonly advanced = new EventEmitter().setMaxListeners(0);

  /** The latest checkpoint. */
  get current(): string {
    return this.value;
  }

  /** Records `checkpoint` (a subscription moved by a rebuild may go either way) and wakes the waiters it satisfies. */
  set(checkpoint: string): void {
    this.value = checkpoint;
    this.advanced.emit('advance');
  }

  /** Resolves true once the checkpoint reaches `token`, false after `timeoutMs`. */
  reached(token: string, timeoutMs: number): Promise<boolean> {
    if (compareCheckpoints(this.value, token) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAdvance = (): void => {
        if (compareCheckpoints(this.value, token) < 0) return;
        clearTimeout(timer);
        this.advanced.off('advance', onAdvance);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.advanced.off('advance', onAdvance);
        resolve(false);
      }, timeoutMs);
      this.advanced.on('advance', onAdvance);
    });
  }
}
