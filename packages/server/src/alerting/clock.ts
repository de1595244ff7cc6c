/**
 * The only way the notification side reads time or waits: an injected clock with a timer API.
 * The real one wraps Date.now/setTimeout; tests drive a VirtualClock by hand.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface AlertingClock {
  /** ms since epoch */
  now(): number;
  /** Calls fn once, ms from now (0 → on a later tick). */
  schedule(ms: number, fn: () => void): TimerHandle;
}

export const systemClock: AlertingClock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/** Resolves after ms on the given clock. */
export function sleepOn(clock: AlertingClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(ms, resolve));
}
