/**
 * Retries an operation on retriable errors (connection loss, timeouts,
 * throttling) with exponential backoff and full jitter. Non-retriable errors
 * (NoNode, BadVersion, SessionExpired, ...) are thrown at once.
 */
import { AbortedError, ZooKeeperClientError } from "./errors.ts";

export interface RetryOptions {
  /** Attempts after the first; default 5. */
  retries?: number;
  /** First delay in ms; default 100. */
  baseDelayMs?: number;
  /** Largest delay in ms; default 5000. */
  maxDelayMs?: number;
  /** Give up when this many ms have passed since the first attempt. */
  maxElapsedMs?: number;
  signal?: AbortSignal;
  /** Decides what is retriable; default: the error's `retriable` flag. */
  isRetriable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export class RetriesExhaustedError extends ZooKeeperClientError {
  override name = "RetriesExhaustedError";
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super("RETRIES_EXHAUSTED", `gave up after ${attempts} attempts: ${(cause as Error)?.message ?? String(cause)}`, false, {
      cause,
    });
  }
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new AbortedError({ op: "retry" }));
      },
      { once: true },
    );
  });

export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 5;
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => performance.now());
  const isRetriable = options.isRetriable ?? ((e: unknown) => e instanceof ZooKeeperClientError && e.retriable);
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new AbortedError({ op: "retry" });
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetriable(err)) throw err;
      if (attempt >= retries) throw new RetriesExhaustedError(attempt + 1, err);
      const delay = backoffDelay(attempt, base, max, random);
      if (options.maxElapsedMs !== undefined && now() - started + delay > options.maxElapsedMs) {
        throw new RetriesExhaustedError(attempt + 1, err);
      }
      options.onRetry?.(err, attempt + 1, delay);
      await sleep(delay, options.signal);
    }
  }
}
