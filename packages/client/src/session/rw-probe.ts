/**
 * Finds a read-write server while connected to a read-only one: asks each
 * other server "isro" (answer "rw" or "ro"), with backoff from 100 ms to 60 s
 * between rounds, as Java's ClientCnxn.pingRwServer.
 */
import net from "node:net";
import type { HostPort } from "../network/socket.ts";

export async function isReadWrite(host: HostPort, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(host);
    let answer = "";
    const done = (rw: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(rw);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on("connect", () => socket.write("isro"));
    socket.on("data", (d) => {
      answer += d.toString("latin1");
      if (answer.length > 16) done(false);
    });
    socket.on("end", () => done(answer.trim() === "rw"));
    socket.on("error", () => done(false));
  });
}

export async function probeReadWrite(
  hosts: readonly HostPort[],
  signal: AbortSignal,
  overTls: boolean,
): Promise<HostPort | null> {
  // The secure client port does not answer four-letter words; a TLS session stays read-only until reconnect.
  if (overTls || hosts.length === 0) return null;
  let wait = 100;
  while (!signal.aborted) {
    for (const host of hosts) {
      if (signal.aborted) return null;
      if (await isReadWrite(host, 1000)) return host;
    }
    await delay(signal, wait, true);
    wait = Math.min(wait * 2, 60000);
  }
  return null;
}

/** Resolves after ms, or at once (without error) when signal aborts. */
export function delay(signal: AbortSignal, ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (unref) timer.unref();
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
