// Loopback ports for servers that start in other processes (java), so a port
// must stay free between the pick and the server's bind. Three guards:
// - candidates come from below the kernel's ephemeral range, so outgoing
//   connections (ZooKeeper's own quorum links, clients) never take them;
// - a bind on 127.0.0.1 proves the port is free right now;
// - a reservation file per port in os.tmpdir() keeps test processes running
//   in parallel from handing out the same port.
// The ensemble still retries with new ports if a bind fails anyway.
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestkitError } from "./errors.ts";
import { onProcessExit, trackPath, untrackPath } from "./watchdog.ts";

const reservationDir = join(tmpdir(), "zoosight-testkit-ports");
const STALE_MS = 60 * 60 * 1000;
const handedOut = new Set<number>();
let swept = false;

/** A TCP port on 127.0.0.1 that was free when checked and is reserved for this process. */
export async function freePort(): Promise<number> {
  if (!swept) sweepOnce();
  const range = preferredRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    // Fall back to the kernel's choice when the preferred range keeps failing.
    const candidate = range && attempt < 150 ? range[0] + Math.floor(Math.random() * (range[1] - range[0])) : 0;
    const port = await tryBind(candidate);
    if (port === undefined || handedOut.has(port)) continue;
    if (!reserve(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new TestkitError("freePort: found no free port on 127.0.0.1 after 200 attempts");
}

/** Gives a port back (its server is gone); other processes may then use it. */
export function releasePort(port: number): void {
  if (!handedOut.delete(port)) return;
  const file = join(reservationDir, String(port));
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
  untrackPath(file);
}

/** Synchronous, for the process 'exit' handler. */
export function releaseAllPorts(): void {
  for (const port of [...handedOut]) releasePort(port);
}

let cachedRange: [number, number] | null | undefined;

function preferredRange(): [number, number] | null {
  if (cachedRange !== undefined) return cachedRange;
  cachedRange = null;
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    // Keep clear of well-known low ports; need room for many ensembles.
    if (low !== undefined && Number.isInteger(low) && low > 12000) cachedRange = [10000, low];
  } catch {
    // Not Linux: the kernel's ephemeral choice (port 0) is the only option.
  }
  return cachedRange;
}

function tryBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

function reserve(port: number): boolean {
  const file = join(reservationDir, String(port));
  mkdirSync(reservationDir, { recursive: true });
  if (!claim(file)) {
    if (!isStale(file)) return false;
    try {
      unlinkSync(file);
    } catch {
      // Someone else removed it: try to claim it anyway.
    }
    if (!claim(file)) return false; // another process claimed it first
  }
  // Released on exit, or by the watchdog if this process is SIGKILLed.
  trackPath(file);
  return true;
}

function claim(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
    return true;
  } catch {
    return false;
  }
}

/** Once per process: drop reservations whose owner is dead, and release ours at exit. */
function sweepOnce(): void {
  swept = true;
  onProcessExit(releaseAllPorts);
  let names: string[] = [];
  try {
    names = readdirSync(reservationDir);
  } catch {
    return; // no folder yet
  }
  for (const name of names) {
    const file = join(reservationDir, name);
    try {
      if (isStale(file)) unlinkSync(file);
    } catch {
      // Vanished while we looked.
    }
  }
}

function isStale(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > STALE_MS) return true;
    const owner = Number(readFileSync(file, "utf8"));
    if (!Number.isInteger(owner) || owner <= 0) return true;
    process.kill(owner, 0);
    return false;
  } catch (err) {
    // ESRCH: the owner is dead. EPERM: alive but someone else's process.
    return (err as NodeJS.ErrnoException).code !== "EPERM";
  }
}
