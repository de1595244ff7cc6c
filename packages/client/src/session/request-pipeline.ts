/**
 * The requests of a session: the outbox (waiting for a connection or for room
 * under maxOutstanding) and the in-flight FIFO that replies must match
 * exactly, in order. Writes go into the connection's batch; the connection
 * paces its reads by how many requests are in flight.
 */
import type { JuteReader } from "../jute/reader.ts";
import { ConnectionLossError, errorFromCode, ProtocolError, RequestTooLargeError } from "../errors.ts";
import type { Connection } from "../network/connection.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { Fifo } from "./fifo.ts";
import { type PendingRequest, settle, writeRequest } from "./request.ts";

export class RequestPipeline {
  readonly #outbox = new Fifo<PendingRequest>();
  readonly #inflight = new Fifo<PendingRequest>();

  constructor(private readonly limits: { maxOutstanding: number; maxBufferBytes: number }) {}

  get outstanding(): number {
    return this.#inflight.length + this.#outbox.length;
  }

  get hasQueued(): boolean {
    return this.#outbox.length > 0;
  }

  enqueue(req: PendingRequest, first = false): void {
    if (first) this.#outbox.unshift(req);
    else this.#outbox.push(req);
  }

  /** Writes queued requests while there is room in flight. */
  pump(conn: Connection): void {
    const { maxOutstanding, maxBufferBytes } = this.limits;
    const idle = this.#inflight.length === 0;
    while (this.#outbox.length > 0 && this.#inflight.length < maxOutstanding) {
      const req = this.#outbox.shift()!;
      if (req.settled) continue;
      const len = writeRequest(conn, req, maxBufferBytes);
      if (len > maxBufferBytes) {
        settle(req, new RequestTooLargeError(len, maxBufferBytes, { op: req.opName, path: req.path }));
        continue;
      }
      this.#inflight.push(req);
    }
    // Read pacing (network/read-pacing.ts) scales with it.
    conn.inflight = this.#inflight.length;
    // Nothing was in flight: a lone request goes out now; requests issued later in this tick batch up.
    if (idle && this.#inflight.length > 0) conn.flush();
  }

  /** Internal requests (SetWatches) go first on a new connection, whatever the limit. */
  prime(conn: Connection, internal: PendingRequest[]): void {
    for (const req of internal) {
      writeRequest(conn, req, Number.POSITIVE_INFINITY);
      this.#inflight.push(req);
    }
  }

  /**
   * Settles the oldest in-flight request with this reply. Returns a ProtocolError when the reply does
   * not belong to it or cannot be decoded: the connection must then be dropped.
   */
  onReply(conn: Connection, xid: number, err: number, r: JuteReader): ProtocolError | null {
    const req = this.#inflight.peek();
    if (!req || req.xid !== xid) {
      const expected = req ? req.xid : "none pending";
      return new ProtocolError(`reply xid ${xid} does not match the oldest request (${expected})`, { server: conn.server });
    }
    this.#inflight.shift();
    conn.inflight = this.#inflight.length;
    // A caller that already gave up (timeout, abort) does not get a watch registered behind its back.
    if (!req.settled) req.onReply?.(err);
    if (err !== 0) {
      settle(req, req.nullOn === err ? null : errorFromCode(err, errorContext(req, conn)), null);
    } else {
      let value: unknown;
      try {
        value = req.response.read(r);
      } catch (e) {
        const ctx = errorContext(req, conn);
        const protocolError = new ProtocolError(`cannot decode ${req.opName} reply: ${(e as Error).message}`, ctx);
        settle(req, new ConnectionLossError({ ...ctx, cause: protocolError }));
        return protocolError;
      }
      settle(req, null, value);
    }
    if (req.opCode !== OP_CODES.closeSession && this.#outbox.length > 0) this.pump(conn);
    return null;
  }

  /** The connection dropped: what was in flight may or may not have been applied. */
  failInflight(server: string, reason: Error): void {
    for (const req of this.#inflight.drain()) {
      if (req.opCode === OP_CODES.closeSession) settle(req, null, null);
      else settle(req, new ConnectionLossError({ op: req.opName, path: req.path, server, cause: reason }));
    }
  }

  failAll(err: Error): void {
    for (const req of this.#outbox.drain()) settle(req, err);
    for (const req of this.#inflight.drain()) settle(req, err);
  }

  /** Queued requests that waited `limitMs` without a connection fail with ConnectionLossError. */
  failStale(now: number, limitMs: number, lastError: Error | null): void {
    for (const req of this.#outbox) {
      if (req.settled || req.queuedAt === undefined || now - req.queuedAt < limitMs) continue;
      const cause = new Error(`no server reachable for ${limitMs} ms${lastError ? `: ${lastError.message}` : ""}`);
      settle(req, new ConnectionLossError({ op: req.opName, path: req.path, cause }));
    }
  }
}

function errorContext(req: PendingRequest, conn: Connection): { op: string; path: string | undefined; server: string } {
  return { op: req.opName, path: req.path, server: conn.server };
}
