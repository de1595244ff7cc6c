// A sleep that another part of the program can cut short. The collector's per-ensemble loop
// sleeps on one of these so that a sentinel's "something changed" wakes it before the next tick.
import type { Clock } from "./clock.ts";

export class NudgeableSleep {
  #current: AbortController | undefined;
  #pending = false;

  /** Ends the current sleep at once, or the next one if none is running. */
  nudge(): void {
    this.#pending = true;
    this.#current?.abort();
  }

  /** Sleeps `ms` (or until `signal` aborts); resolves true when it ended because of a nudge. */
  async sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
    if (!this.#pending && !signal.aborted) {
      const ctl = new AbortController();
      this.#current = ctl;
      const onAbort = () => ctl.abort();
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        await clock.sleep(ms, ctl.signal);
      } finally {
        signal.removeEventListener("abort", onAbort);
        this.#current = undefined;
      }
    }
    const nudged = this.#pending;
    this.#pending = false;
    return nudged;
  }
}
