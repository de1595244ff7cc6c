/**
 * A ZooKeeper session across connections: server choice, handshake, resumption on another server
 * after a connection loss, auth and watch replay, FIFO reply matching, dead-server detection and
 * expiry (told by the server, or the negotiated timeout spent without a connection).
 */
import { EventEmitter } from "node:events";
import { JuteReader, LongMemo } from "../jute/reader.ts";
import {
  ClientClosedError,
  ProtocolError,
  SessionExpiredError,
  type ZooKeeperClientError,
  ZooKeeperError,
} from "../errors.ts";
import { Connection } from "../network/connection.ts";
import type { HostPort } from "../network/socket.ts";
import { ZK_CODES } from "../protocol/error-codes.ts";
import { XIDS } from "../protocol/op-codes.ts";
import { HostList, parseConnectString } from "./hosts.ts";
import { AuthReplay } from "./auth.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { closeSessionRequest, type PendingRequest, settle } from "./request.ts";
import { waitConnected } from "./wait-connected.ts";
import { RequestPipeline } from "./request-pipeline.ts";
import { delay, probeReadWrite } from "./rw-probe.ts";
import { buildSetWatches } from "./set-watches.ts";
import type { Clock, SessionOptions, SessionState, StateChange } from "./types.ts";
import { WatchDispatcher } from "./watch-dispatcher.ts";
import { WatchRegistry } from "./watch-registry.ts";

export type { Clock, SessionOptions, SessionState, StateChange } from "./types.ts";

const PASSWD_ZERO = Buffer.alloc(16);
const realClock: Clock = { now: () => performance.now() };

export class Session extends EventEmitter<{ state: [StateChange] }> {
  readonly chroot: string;
  readonly watches = new WatchRegistry();
  readonly #dispatcher: WatchDispatcher;
  #opts: Required<Omit<SessionOptions, "tls" | "connectTimeoutMs" | "sessionId" | "sessionPassword">> &
    Pick<SessionOptions, "tls" | "connectTimeoutMs">;
  #hosts: HostList;
  #state: SessionState = "connecting";
  #sessionId = 0n;
  #passwd: Buffer = PASSWD_ZERO;
  #negotiatedTimeout = 0;
  #lastZxid = 0n;
  readonly #zxidMemo = new LongMemo(); // reads repeat the last zxid until the next write
  #seenRwServer = false;
  #everConnected = false;
  #conn: Connection | null = null;
  #xid = 0;
  readonly #requests: RequestPipeline;
  readonly #auth = new AuthReplay();
  #timer: (() => void) | null = null;
  #disconnectedSince = 0;
  #attempt = new AbortController();
  #connectionEnded: (() => void) | null = null;
  #lastConnectError: Error | null = null;
  #rwProbe: AbortController | null = null;
  #expiryTimer: NodeJS.Timeout | undefined;

  constructor(options: SessionOptions) {
    super();
    const { hosts, chroot } = parseConnectString(options.connectString);
    this.chroot = chroot;
    this.#dispatcher = new WatchDispatcher(this.watches, chroot);
    this.#opts = {
      sessionTimeoutMs: 30000,
      canBeReadOnly: false,
      maxBufferBytes: 0xfffff,
      maxPacketBytes: 16 * 1024 * 1024,
      maxOutstanding: 1000,
      autoRenewSession: false,
      clock: realClock,
      random: Math.random,
      ...options,
    };
    this.#hosts = new HostList(hosts, this.#opts.random);
    this.#requests = new RequestPipeline(this.#opts);
    if (options.sessionId !== undefined) {
      this.#sessionId = options.sessionId;
      this.#passwd = Buffer.from(options.sessionPassword ?? PASSWD_ZERO);
      this.#seenRwServer = true;
      this.#everConnected = true;
    }
    this.#disconnectedSince = this.#opts.clock.now();
    queueMicrotask(() => void this.#run());
  }

  get state(): SessionState {
    return this.#state;
  }
  get sessionId(): bigint {
    return this.#sessionId;
  }
  get sessionPassword(): Buffer {
    return this.#passwd;
  }
  get negotiatedTimeoutMs(): number {
    return this.#negotiatedTimeout;
  }
  get lastZxidSeen(): bigint {
    return this.#lastZxid;
  }
  get server(): string | undefined {
    return this.#conn?.server;
  }
  get lastConnectError(): Error | null {
    return this.#lastConnectError;
  }
  get outstanding(): number {
    return this.#requests.outstanding;
  }

  /** Resolves once connected (read-write, or read-only); rejects after timeoutMs or on a terminal state. */
  waitConnected(timeoutMs: number): Promise<void> {
    return waitConnected(this, timeoutMs, () => this.#lastConnectError);
  }

  /** Queues a request; it is written when a connection is up and fewer than maxOutstanding are in flight. */
  submit(req: PendingRequest): void {
    const refusal = this.#refusal(req.opName, req.path);
    if (refusal) {
      settle(req, refusal);
      return;
    }
    if (this.#conn === null) req.queuedAt = this.#opts.clock.now();
    this.#requests.enqueue(req);
    this.#pump();
  }

  /** Fails a request that was aborted or timed out; if it is in flight its reply is still consumed in order. */
  cancel(req: PendingRequest, err: Error): void {
    // A queued request is skipped by #pump once settled; one in flight still has its reply consumed in order.
    settle(req, err);
  }

  addAuth(scheme: string, auth: Buffer): Promise<void> {
    const refusal = this.#refusal("addAuth", undefined);
    if (refusal) return Promise.reject(refusal);
    const conn = this.#conn && (this.#state === "connected" || this.#state === "readOnly") ? this.#conn : null;
    return this.#auth.add(scheme, auth, conn);
  }

  nextXid(): number {
    this.#xid = this.#xid >= 0x7fffffff ? 1 : this.#xid + 1;
    return this.#xid;
  }

  /** Ends the session on the server (its ephemerals go at once) and the connection. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.#state === "closed") return;
    if (this.#conn && (this.#state === "connected" || this.#state === "readOnly")) {
      const done = new Promise<void>((resolve) => {
        const req = closeSessionRequest(this.nextXid(), resolve);
        const timer = setTimeout(() => settle(req, new Error("close timed out")), timeoutMs);
        req.cleanup = () => clearTimeout(timer);
        this.#requests.enqueue(req, true);
        this.#pump();
      });
      await done;
    }
    this.#finish("closed", new ClientClosedError(), "client closed");
  }

  #isClosed(): boolean {
    return this.#state === "closed";
  }

  #refusal(op: string, path: string | undefined): Error | null {
    switch (this.#state) {
      case "closed":
        return new ClientClosedError({ op, path });
      case "expired":
        return this.#opts.autoRenewSession ? null : new SessionExpiredError({ op, path });
      case "authFailed":
        return new ZooKeeperError(ZK_CODES.AUTH_FAILED, { op, path });
      default:
        return null;
    }
  }

  #pump(): void {
    if (this.#conn && (this.#state === "connected" || this.#state === "readOnly")) this.#requests.pump(this.#conn);
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#state !== "closed" && this.#state !== "authFailed") {
      if (this.#state === "expired" && !this.#opts.autoRenewSession) return;
      const { host, wrapped } = this.#hosts.next();
      if (wrapped && failures > 0) {
        // A full round failed: back off a little, as Java's StaticHostProvider spins up to 1 s.
        await delay(this.#attempt.signal, Math.min(1000, 50 * 2 ** Math.min(failures / this.#hosts.size, 5)) * (0.5 + this.#opts.random()));
        if (this.#checkClientSideExpiry()) continue;
      }
      if (this.#isClosed()) return;
      this.#attempt = new AbortController();
      const resume = this.#sessionId !== 0n && (this.#seenRwServer || !this.#opts.canBeReadOnly);
      const request = {
        protocolVersion: 0,
        lastZxidSeen: this.#lastZxid,
        timeOut: this.#opts.sessionTimeoutMs,
        sessionId: resume ? this.#sessionId : 0n,
        passwd: resume ? this.#passwd : PASSWD_ZERO,
        readOnly: this.#opts.canBeReadOnly,
      };
      let opened: Awaited<ReturnType<typeof Connection.open>>;
      try {
        opened = await Connection.open(host, request, {
          connectTimeoutMs:
            this.#opts.connectTimeoutMs ?? Math.max(1000, Math.floor(this.#opts.sessionTimeoutMs / this.#hosts.size)),
          maxFrame: this.#opts.maxPacketBytes,
          tls: this.#opts.tls,
          now: () => this.#opts.clock.now(),
          signal: this.#attempt.signal,
        });
      } catch (err) {
        this.#lastConnectError = err as Error;
        failures++;
        this.#checkClientSideExpiry();
        // Requests queued without a server wait as long as a session would survive, not forever.
        const limit = this.#negotiatedTimeout || this.#opts.sessionTimeoutMs;
        this.#requests.failStale(this.#opts.clock.now(), limit, this.#lastConnectError);
        continue;
      }
      const { connection, response } = opened;
      if (this.#isClosed()) {
        connection.close(new ClientClosedError());
        return;
      }
      if (response.timeOut <= 0) {
        connection.close(new SessionExpiredError());
        this.#expire(`server ${connection.server} reported the session as expired`);
        continue;
      }
      failures = 0;
      const newSession = response.sessionId !== this.#sessionId;
      this.#sessionId = response.sessionId;
      this.#passwd = response.passwd;
      this.#negotiatedTimeout = response.timeOut;
      if (!response.readOnly) this.#seenRwServer = true;
      const ended = new Promise<void>((resolve) => {
        this.#connectionEnded = resolve;
      });
      this.#onConnected(connection, host, response.readOnly, newSession);
      await ended;
    }
  }

  #onConnected(conn: Connection, host: HostPort, readOnly: boolean, newSession: boolean): void {
    clearTimeout(this.#expiryTimer);
    this.#conn = conn;
    if (newSession) this.watches.clear();
    const event = newSession || !this.#everConnected ? "connected" : "reconnected";
    this.#everConnected = true;
    this.#state = readOnly ? "readOnly" : "connected";
    conn.attach(
      (buf, start, end) => this.#onFrame(buf, start, end),
      (reason) => this.#onConnectionClosed(conn, reason),
    );
    // Replay order as ClientCnxn.primeConnection: auth, then watches, then queued requests.
    this.#auth.replay(conn);
    if (!newSession) this.#requests.prime(conn, buildSetWatches(this.watches, this.#lastZxid, this.chroot));
    this.#startTimer();
    if (readOnly) this.#startRwProbe(host);
    this.#emitState(readOnly ? "readOnly" : event);
    this.#pump();
  }

  #onFrame(buf: Buffer, start: number, end: number): void {
    const conn = this.#conn!;
    const r = new JuteReader(buf, start, end);
    // ReplyHeader { int xid; long zxid; int err } — the frame reader guarantees its 16 bytes.
    const xid = r.int();
    const zxid = r.long(this.#zxidMemo);
    const err = r.int();
    if (xid === XIDS.ping) return;
    if (xid === XIDS.notification) {
      const problem = this.#dispatcher.onNotification(r, zxid);
      if (problem) conn.close(new ProtocolError(problem, { server: conn.server }));
      return;
    }
    if (xid === XIDS.auth) {
      if (err !== 0) {
        this.#auth.onReply(new ZooKeeperError(err, { op: "addAuth", server: conn.server }));
        this.#finish("authFailed", new ZooKeeperError(ZK_CODES.AUTH_FAILED, { server: conn.server }), "authentication failed");
        return;
      }
      this.#auth.onReply(null);
      return;
    }
    if (zxid > this.#lastZxid) this.#lastZxid = zxid;
    const problem = this.#requests.onReply(conn, xid, err, r);
    if (problem) conn.close(problem);
  }

  #onConnectionClosed(conn: Connection, reason: Error): void {
    if (this.#conn !== conn) return;
    this.#conn = null;
    this.#stopTimer();
    this.#rwProbe?.abort();
    // The server's session clock started with the last thing it sent us.
    this.#disconnectedSince = conn.lastReceivedAt;
    this.#armExpiryTimer();
    this.#requests.failInflight(conn.server, reason);
    this.#auth.onConnectionLost(conn.server, reason);
    if (this.#state === "connected" || this.#state === "readOnly") {
      this.#state = "suspended";
      this.#emitState("suspended", reason.message, conn.server);
    }
    const ended = this.#connectionEnded;
    this.#connectionEnded = null;
    ended?.();
  }

  #startTimer(): void {
    this.#stopTimer();
    this.#timer = startHeartbeat(this.#conn!, this.#negotiatedTimeout, () => this.#opts.clock.now());
  }

  #stopTimer(): void {
    this.#timer?.();
    this.#timer = null;
  }

  /** Fires when the negotiated timeout has passed since the server was last heard, even mid-connect. */
  #armExpiryTimer(): void {
    clearTimeout(this.#expiryTimer);
    if (this.#sessionId === 0n || this.#negotiatedTimeout === 0) return;
    const wait = this.#disconnectedSince + this.#negotiatedTimeout - this.#opts.clock.now();
    this.#expiryTimer = setTimeout(() => {
      if (this.#state === "suspended" && this.#conn === null && this.#checkClientSideExpiry()) this.#attempt.abort();
    }, Math.max(0, wait) + 5);
    this.#expiryTimer.unref();
  }

  /** The negotiated timeout spent without hearing from any server: the server has expired us by now. */
  #checkClientSideExpiry(): boolean {
    if (this.#sessionId === 0n || this.#negotiatedTimeout === 0 || this.#state !== "suspended") return false;
    if (this.#opts.clock.now() - this.#disconnectedSince < this.#negotiatedTimeout) return false;
    this.#expire(`no server reachable for the negotiated session timeout (${this.#negotiatedTimeout} ms)`);
    return true;
  }

  #expire(reason: string): void {
    const err = new SessionExpiredError({ sessionId: this.#sessionId.toString(16) });
    this.#failAll(err);
    this.watches.clear();
    this.#state = "expired";
    this.#emitState("expired", reason);
    this.#sessionId = 0n;
    this.#passwd = PASSWD_ZERO;
    this.#negotiatedTimeout = 0;
    this.#seenRwServer = false;
  }

  #failAll(err: Error): void {
    this.#requests.failAll(err);
    this.#auth.failAll(err);
  }

  #finish(state: "closed" | "authFailed", err: ZooKeeperClientError, reason: string): void {
    const server = this.#conn?.server;
    this.#state = state;
    this.#stopTimer();
    clearTimeout(this.#expiryTimer);
    this.#rwProbe?.abort();
    this.#attempt.abort();
    this.#failAll(err);
    const conn = this.#conn;
    this.#conn = null;
    conn?.close(err);
    this.watches.clear();
    this.#emitState(state, reason, server);
    this.#connectionEnded?.();
  }

  #emitState(event: StateChange["event"], reason?: string, server = this.#conn?.server): void {
    const change: StateChange = { event, state: this.#state, sessionId: this.#sessionId, server };
    if (reason !== undefined) change.reason = reason;
    this.emit("state", change);
  }

  /** While read-only, look for a read-write server and move there when one answers (as Java's pingRwServer). */
  #startRwProbe(current: HostPort): void {
    this.#rwProbe?.abort();
    const probe = new AbortController();
    this.#rwProbe = probe;
    const others = this.#hosts.hosts.filter((h) => h !== current);
    void probeReadWrite(others, probe.signal, this.#opts.tls !== undefined).then((found) => {
      if (!found || probe.signal.aborted || this.#state !== "readOnly") return;
      this.#hosts.prefer(found);
      this.#conn?.close(new Error(`moving to read-write server ${found.host}:${found.port}`));
    });
  }
}

