// The last lines of a server log, for error messages.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** Reads at most the last `maxBytes` of `file` and returns its last `lines` lines ("" if unreadable). */
export function logTail(file: string, lines = 30, maxBytes = 64 * 1024): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const text = buf.toString("utf8").replace(/\n+$/, "");
    return text.split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether the log says a port was already taken (the start is then retried with new ports). */
export function logShowsPortConflict(file: string): boolean {
  return /Address already in use|BindException/.test(logTail(file, 400, 512 * 1024));
}
