// Small helpers shared by the client tests.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { StateChange, WatchEvent, ZooKeeperClient } from "@zoosight/client";

let counter = 0;

/** A znode path no other test (or earlier run) uses. */
export function uniquePath(prefix: string): string {
  return `/${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString("hex")}`;
}

/** Polls `check` until it returns a value other than undefined/false; throws with `what` after timeoutMs. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves with the next state change matching `pred` (rejects after timeoutMs). */
export function nextState(client: ZooKeeperClient, pred: (c: StateChange) => boolean, timeoutMs = 30000): Promise<StateChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off("state", on);
      reject(new Error(`no matching state change within ${timeoutMs} ms (state is ${client.state})`));
    }, timeoutMs);
    const on = (c: StateChange) => {
      if (!pred(c)) return;
      clearTimeout(timer);
      client.off("state", on);
      resolve(c);
    };
    client.on("state", on);
  });
}

/** A watch listener that records its events. */
export function recorder(): { listener: (e: WatchEvent) => void; events: WatchEvent[]; next(n?: number, timeoutMs?: number): Promise<WatchEvent[]> } {
  const events: WatchEvent[] = [];
  const listener = (e: WatchEvent) => {
    events.push(e);
  };
  return {
    listener,
    events,
    next: (n = 1, timeoutMs = 10000) => waitFor(`${n} watch event(s), have ${JSON.stringify(events.map((e) => `${e.type} ${e.path}`))}`, () => (events.length >= n ? events.slice(0, n) : undefined), timeoutMs),
  };
}

/** Lets in-flight events arrive: one round trip through the server (FIFO), then a macrotask. */
export async function settleEvents(client: ZooKeeperClient): Promise<void> {
  await client.sync("/");
  await client.exists("/");
  await new Promise((r) => setImmediate(r));
}

/** Types and shapes of a thrown client error, in one assertion. */
export function assertZkError(
  err: unknown,
  expected: { name: string; code: string; path?: string | undefined; op?: string; retriable?: boolean; server?: string | RegExp },
): true {
  const e = err as { name: string; code: string; path?: string; op?: string; retriable: boolean; server?: string };
  assert.ok(err instanceof Error, `expected an Error, got ${String(err)}`);
  assert.equal(e.name, expected.name, `name of ${String(err)}`);
  assert.equal(e.code, expected.code, `code of ${String(err)}`);
  if ("path" in expected) assert.equal(e.path, expected.path, `path of ${String(err)}`);
  if (expected.op !== undefined) assert.equal(e.op, expected.op, `op of ${String(err)}`);
  if (expected.retriable !== undefined) assert.equal(e.retriable, expected.retriable, `retriable of ${String(err)}`);
  if (expected.server instanceof RegExp) assert.match(String(e.server), expected.server);
  else if (expected.server !== undefined) assert.equal(e.server, expected.server);
  return true;
}
