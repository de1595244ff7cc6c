/**
 * Retries one delivery with exponential backoff on the injected clock until the deadline
 * (the group interval, as in Alertmanager); unrecoverable errors (4xx) fail at once.
 */
import { type AlertingClock, sleepOn } from "../clock.ts";
import { NotifyError } from "../integrations/notifier.ts";

export interface RetryOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Give up when the next attempt would start after this many ms. */
  deadlineMs: number;
}

export const DEFAULT_RETRY: Omit<RetryOptions, "deadlineMs"> = { initialBackoffMs: 500, maxBackoffMs: 30_000 };

export interface AttemptReport {
  attempt: number;
  time: number;
  error?: NotifyError;
  willRetry: boolean;
}

/** Resolves on success; rejects with the last NotifyError otherwise. */
export async function withRetry(clock: AlertingClock, opts: RetryOptions, send: () => Promise<void>, onAttempt: (r: AttemptReport) => void): Promise<void> {
  const start = clock.now();
  let backoff = opts.initialBackoffMs;
  for (let attempt = 1; ; attempt++) {
    const time = clock.now();
    try {
      await send();
      onAttempt({ attempt, time, willRetry: false });
      return;
    } catch (err) {
      const e = err instanceof NotifyError ? err : new NotifyError((err as Error).message, true);
      const willRetry = e.recoverable && clock.now() + backoff - start < opts.deadlineMs;
      onAttempt({ attempt, time, error: e, willRetry });
      if (!willRetry) throw e;
      await sleepOn(clock, backoff);
      backoff = Math.min(backoff * 2, opts.maxBackoffMs);
    }
  }
}
