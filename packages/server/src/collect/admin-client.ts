// The AdminServer connections of one collector: one keep-alive connection per AdminServer
// (admin-connection.ts), created on first use and dropped when it fails or its server closes it.
// Bounded: a connection idle longer than `idleMs` is closed (a server no longer scraped keeps no
// socket), and close() ends them all.
import { AdminConnection } from "./admin-connection.ts";
import type { JsonObject } from "./admin-http.ts";
import type { HostPort } from "./endpoint.ts";
import { formatHostPort } from "./endpoint.ts";
import type { RequestLimits } from "./limits.ts";

/**
 * Below Jetty's default idle timeout (admin.idleTimeout, 30 s), so at the default a socket is
 * closed by us before the server closes it under a request.
 */
export const ADMIN_IDLE_MS = 25_000;

export class AdminClient {
  readonly #idleMs: number;
  readonly #connections = new Map<string, AdminConnection>();
  readonly #servers = new WeakMap<HostPort, string>();
  #sweeper: NodeJS.Timeout | null = null;
  #opened = 0;
  readonly #events = {
    opened: () => {
      this.#opened++;
    },
    gone: (c: AdminConnection) => {
      if (this.#connections.get(c.server) === c && !c.hasSocket && c.idle) this.#connections.delete(c.server);
      if (this.#connections.size === 0) this.#stopSweeper();
    },
  };

  constructor(options: { idleMs?: number } = {}) {
    this.#idleMs = options.idleMs ?? ADMIN_IDLE_MS;
  }

  /** GETs /commands/<command>; answers as `interpretAdminReply` classifies them. */
  request(target: HostPort, command: string, limits: RequestLimits): Promise<JsonObject>;
  /**
   * The same, read by `fast` from the bytes of a 200 answer (during the call only), or when it
   * gives undefined by `slow` from the JSON.
   */
  request<T>(target: HostPort, command: string, limits: RequestLimits, fast: (body: Buffer) => T | undefined, slow: (json: JsonObject) => T): Promise<T>;
  request(target: HostPort, command: string, limits: RequestLimits, fast?: (body: Buffer) => unknown, slow?: (json: JsonObject) => unknown): Promise<unknown> {
    let server = this.#servers.get(target);
    if (server === undefined) {
      server = formatHostPort(target);
      this.#servers.set(target, server);
    }
    let c = this.#connections.get(server);
    if (c === undefined) {
      c = new AdminConnection(target, server, this.#events);
      this.#connections.set(server, c);
      this.#startSweeper();
    }
    return fast && slow ? c.request(command, limits, fast, slow) : c.request(command, limits);
  }

  /** Open sockets (connected or connecting). */
  get sockets(): number {
    let n = 0;
    for (const c of this.#connections.values()) if (c.hasSocket) n++;
    return n;
  }

  /** Sockets opened so far (connects made). */
  get opened(): number {
    return this.#opened;
  }

  /** Closes every connection; requests in flight fail as "closed". */
  close(): void {
    for (const c of [...this.#connections.values()]) c.close();
    this.#connections.clear();
    this.#stopSweeper();
  }

  #startSweeper(): void {
    if (this.#sweeper !== null) return;
    // One timer for all connections; it never keeps the process alive.
    this.#sweeper = setInterval(() => {
      const now = performance.now();
      for (const c of [...this.#connections.values()]) {
        if (c.idle && now - c.idleSince > this.#idleMs) c.close("idle");
      }
    }, Math.max(1000, this.#idleMs / 2));
    this.#sweeper.unref();
  }

  #stopSweeper(): void {
    if (this.#sweeper !== null) clearInterval(this.#sweeper);
    this.#sweeper = null;
  }
}
