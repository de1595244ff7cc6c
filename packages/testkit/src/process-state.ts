// Signals are delivered asynchronously: kill(SIGSTOP) returns before the kernel has stopped every
// thread, so a request sent right after pause() could still be answered. pause() therefore waits,
// briefly and synchronously (its API is synchronous), until /proc shows the process stopped.
import { readFileSync } from "node:fs";

/** The one-letter state of `pid` from /proc/<pid>/stat ("R", "S", "T", ...), or undefined if gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.charAt(stat.lastIndexOf(")") + 2);
  } catch {
    return undefined;
  }
}

/** Waits until `pid` is stopped (state T/t) or gone; gives up after `timeoutMs`. */
export function waitStoppedSync(pid: number, timeoutMs = 2000): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = processState(pid);
    if (state === undefined || state === "T" || state === "t" || Date.now() > deadline) return;
    Atomics.wait(sleeper, 0, 0, 1);
  }
}
