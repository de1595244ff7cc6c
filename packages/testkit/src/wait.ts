// Polling: the state we wait for lives in another process.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` every `intervalMs` until it returns a value other than
 * undefined (resolves with it) or `timeoutMs` passes (resolves undefined).
 * `check` may throw to stop waiting early.
 */
export async function poll<T>(check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(intervalMs, left));
  }
}
