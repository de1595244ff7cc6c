// Optional client probe: one @zoosight/client session per ensemble that measures the round trip
// of a read and of a write to a canary znode, each cycle, reported like the other figures.
// The client is loaded on first use, so the collector does not depend on it unless probing.
import type { ZooKeeperClient } from "@zoosight/client";
import type { Clock } from "./clock.ts";

export interface ProbeResult {
  ok: boolean;
  atMs: number;
  /** getData round trip. */
  readMs?: number;
  /** setData round trip. */
  writeMs?: number;
  /** Why the probe failed, in plain words. */
  error?: string;
}

export interface ProbeOptions {
  /** The canary znode; its parents are created when missing. Default /zoosight/canary. */
  path?: string;
  /** Deadline per operation and for the (re)connection. Default 2000 ms. */
  timeoutMs?: number;
}

export class ClientProbe {
  readonly #connectString: string;
  readonly #clock: Clock;
  readonly #path: string;
  readonly #timeoutMs: number;
  #client: ZooKeeperClient | undefined;
  #prepared = false;

  constructor(connectString: string, clock: Clock, options: ProbeOptions = {}) {
    this.#connectString = connectString;
    this.#clock = clock;
    this.#path = options.path ?? "/zoosight/canary";
    this.#timeoutMs = options.timeoutMs ?? 2000;
  }

  async probe(): Promise<ProbeResult> {
    const clock = this.#clock;
    const atMs = clock.now();
    try {
      if (!this.#client) {
        const { createClient } = await import("@zoosight/client");
        this.#client = createClient(this.#connectString, { requestTimeoutMs: this.#timeoutMs });
      }
      const client = this.#client;
      await client.waitConnected(this.#timeoutMs);
      if (!this.#prepared) {
        await this.#ensurePath(client);
        this.#prepared = true;
      }
      const t0 = clock.now();
      await client.getData(this.#path, { timeoutMs: this.#timeoutMs });
      const t1 = clock.now();
      await client.setData(this.#path, Buffer.from(String(t1)), -1, { timeoutMs: this.#timeoutMs });
      const t2 = clock.now();
      return { ok: true, atMs, readMs: t1 - t0, writeMs: t2 - t1 };
    } catch (err) {
      const e = err as Error;
      return { ok: false, atMs, error: `${e.name}: ${e.message}` };
    }
  }

  async #ensurePath(client: ZooKeeperClient): Promise<void> {
    const parts = this.#path.split("/").filter((p) => p !== "");
    let path = "";
    for (const p of parts) {
      path += `/${p}`;
      try {
        await client.create(path, Buffer.alloc(0), { timeoutMs: this.#timeoutMs });
      } catch (err) {
        if ((err as { code?: string }).code !== "NODE_EXISTS") throw err;
      }
    }
  }

  async close(): Promise<void> {
    const c = this.#client;
    this.#client = undefined;
    await c?.close();
  }
}
