/** A sleep that can be cut short: `wait(ms)` resolves after `ms` or at the next `wake()`, whichever is first. */
export class WakeSignal {
  private wakeCurrent: (() => void) | undefined;
  private pending = false;

  /** Wakes the current waiter, or the next one if nobody is waiting. */
  wake(): void {
    if (this.wakeCurrent) this.wakeCurrent();
    else this.pending = true;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }
}
