// The sentinel: one idle @zoosight/client session per ensemble whose only job is to notice, the
// moment it happens, what the periodic collection would see only at its next tick. ZooKeeper drops
// every client connection of a server that leaves the quorum (a follower whose leader died, a leader
// that lost its majority) and a killed server's sockets close at once, so the session's
// "suspended", "reconnected", "readOnly" and "expired" transitions are an early signal of a leader
// loss, an election or a quorum loss. The collector answers a signal by collecting that ensemble at
// once and then at a fast pace while it settles (collector.ts). The sentinel reads and writes no
// znode, so it needs no ACL; if it cannot connect (TLS-only port, no server up) collection goes on
// unchanged at the normal pace.
import type { ZooKeeperClient } from "@zoosight/client";

export interface SentinelOptions {
  /** Pace of the collections after a signal (default 500 ms). */
  fastIntervalMs?: number;
  /** How long the fast pace lasts after the last signal (default 5000 ms). */
  settleMs?: number;
  /** Requested session timeout (default 10000 ms). */
  sessionTimeoutMs?: number;
  /** Seam for tests: builds the watcher of one ensemble. */
  create?: (connectString: string, onSignal: (reason: string) => void) => Sentinel;
}

export interface Sentinel {
  start(): void;
  close(): Promise<void>;
}

const SIGNAL_EVENTS = new Set(["suspended", "reconnected", "readOnly", "expired", "connected"]);

/** Watches one ensemble through an idle client session. */
export class SessionSentinel implements Sentinel {
  readonly #connectString: string;
  readonly #onSignal: (reason: string) => void;
  readonly #sessionTimeoutMs: number;
  #client: ZooKeeperClient | undefined;
  #closed = false;
  #sessions = 0;

  constructor(connectString: string, onSignal: (reason: string) => void, sessionTimeoutMs = 10_000) {
    this.#connectString = connectString;
    this.#onSignal = onSignal;
    this.#sessionTimeoutMs = sessionTimeoutMs;
  }

  start(): void {
    // The sentinel only moves collections earlier: if it cannot even start, polling goes on alone.
    this.#open().catch(() => {});
  }

  async #open(): Promise<void> {
    // Loaded on first use so that the collector depends on the client only when watching.
    const { createClient } = await import("@zoosight/client");
    if (this.#closed) return;
    const client = createClient(this.#connectString, { sessionTimeoutMs: this.#sessionTimeoutMs, autoRenewSession: true, canBeReadOnly: true });
    this.#client = client;
    client.on("state", (change) => {
      if (this.#closed || !SIGNAL_EVENTS.has(change.event)) return;
      // The first session is the sentinel starting, not news about the ensemble.
      if (change.event === "connected" && this.#sessions++ === 0) return;
      this.#onSignal(`sentinel session ${change.event}${change.reason ? `: ${change.reason}` : ""}`);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const c = this.#client;
    this.#client = undefined;
    await c?.close();
  }
}
