import type { Clock } from "../../src/collect/clock.ts";

/** A clock whose time moves only when the test advances it; sleeps resolve in time order. */
export class VirtualClock implements Clock {
  #now: number;
  #sleepers: { at: number; resolve: () => void }[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== entry);
        resolve();
      };
      const entry = {
        at: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.#sleepers.push(entry);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Moves time forward to `targetMs`, waking sleepers in order and letting their work run. */
  async advanceTo(targetMs: number): Promise<void> {
    for (;;) {
      await settle();
      this.#sleepers.sort((a, b) => a.at - b.at);
      const next = this.#sleepers[0];
      if (!next || next.at > targetMs) break;
      this.#sleepers.shift();
      this.#now = next.at;
      next.resolve();
    }
    this.#now = targetMs;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
