// One persistent HTTP/1.1 connection to one AdminServer, reused across requests and cycles (the
// AdminServer, Jetty, keeps connections alive): a scrape's commands are pipelined on it and answered
// in order, so a keep-alive scrape costs no TCP connect or close. Deadlines and the size limit are
// per request, as for a request on a connection of its own. When a socket that had already answered
// fails before any byte of a request's answer (the server closed it while idle, or restarted), that
// request is sent once more on a fresh connection; never otherwise.
import net from "node:net";
import type { JsonObject } from "./admin-http.ts";
import { interpretAdminReply } from "./admin-http.ts";
import { CollectError, classifySocketError } from "./errors.ts";
import type { HostPort } from "./endpoint.ts";
import { HttpReadError, HttpResponseReader } from "./http-response.ts";
import type { RequestLimits } from "./limits.ts";

// Reads of every AdminServer connection land here (net's `onread`) and are copied out at once.
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

class AdminRequest {
  readonly command: string;
  readonly limits: RequestLimits;
  readonly ctx: { server: string; source: string };
  readonly connectDeadline: number;
  readonly totalDeadline: number;
  /** Written on a socket that had answered before (a failure there may be a stale socket). */
  reused = false;
  retried = false;
  /** Reads a 200 answer from its bytes; undefined: read it as JSON (then `slow`). */
  readonly fast: ((body: Buffer) => unknown) | null;
  readonly slow: ((json: JsonObject) => unknown) | null;
  resolve!: (v: unknown) => void;
  reject!: (e: unknown) => void;

  constructor(command: string, limits: RequestLimits, server: string, now: number, fast: AdminRequest["fast"], slow: AdminRequest["slow"]) {
    this.command = command;
    this.fast = fast;
    this.slow = slow;
    this.limits = limits;
    this.ctx = { server, source: `admin:${command}` };
    this.connectDeadline = now + limits.connectTimeoutMs;
    this.totalDeadline = now + limits.totalTimeoutMs;
  }

  fail(kind: CollectError["kind"], reason: string, cause?: unknown): void {
    this.reject(new CollectError(kind, reason, this.ctx, { cause }));
  }
}

/** Settles `r` with the reader's complete response, then drops that response from the reader. */
function answer(r: AdminRequest, reader: HttpResponseReader): void {
  try {
    if (reader.status === 200 && r.fast !== null) {
      const v = r.fast(reader.body());
      if (v !== undefined) {
        r.resolve(v);
        return;
      }
    }
    const json = interpretAdminReply(reader.status, reader.text(), r.command, r.ctx);
    r.resolve(r.slow === null ? json : r.slow(json));
  } catch (err) {
    r.reject(err);
  } finally {
    reader.next();
  }
}

export interface ConnectionEvents {
  /** A socket was opened. */
  opened(): void;
  /** The connection holds neither a socket nor a request any more. */
  gone(c: AdminConnection): void;
}

export class AdminConnection {
  readonly #target: HostPort;
  readonly #server: string;
  readonly #events: ConnectionEvents;
  readonly #requestBytes = new Map<string, Buffer>();
  readonly #reader = new HttpResponseReader();
  #socket: net.Socket | null = null;
  #connected = false;
  /** Answers completed on the current socket. */
  #answered = 0;
  /** Written on the current socket, awaiting their answers in order. */
  #sent: AdminRequest[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** The deadline #timer is set for. */
  #armedFor = 0;
  #corked: net.Socket | null = null;
  /** performance.now() when the last request was answered (for the pool's idle sweep). */
  idleSince = 0;

  constructor(target: HostPort, server: string, events: ConnectionEvents) {
    this.#target = target;
    this.#server = server;
    this.#events = events;
  }

  /** host:port of the AdminServer. */
  get server(): string {
    return this.#server;
  }

  get idle(): boolean {
    return this.#sent.length === 0;
  }

  get hasSocket(): boolean {
    return this.#socket !== null;
  }

  request(command: string, limits: RequestLimits): Promise<JsonObject>;
  request<T>(command: string, limits: RequestLimits, fast: (body: Buffer) => T | undefined, slow: (json: JsonObject) => T): Promise<T>;
  request(command: string, limits: RequestLimits, fast?: (body: Buffer) => unknown, slow?: (json: JsonObject) => unknown): Promise<unknown> {
    const r = new AdminRequest(command, limits, this.#server, performance.now(), fast ?? null, slow ?? null);
    const promise = new Promise<unknown>((resolve, reject) => {
      r.resolve = resolve;
      r.reject = reject;
    });
    this.#send(r);
    return promise;
  }

  /** Closes the socket; requests still waiting fail as "closed". */
  close(reason = "the collector stopped"): void {
    const sent = this.#sent;
    this.#sent = [];
    this.#drop();
    for (const r of sent) r.fail("closed", reason);
    this.#events.gone(this);
  }

  #send(r: AdminRequest): void {
    const socket = this.#socket ?? this.#open();
    r.reused = this.#answered > 0;
    if (this.#sent.length === 0) socket.ref();
    this.#sent.push(r);
    // A scrape's commands are sent in one tick: one write for all of them.
    if (this.#corked === null) {
      socket.cork();
      this.#corked = socket;
      process.nextTick(this.#uncork);
    }
    socket.write(this.#bytes(r.command));
    this.#arm();
  }

  readonly #uncork = (): void => {
    this.#corked?.uncork();
    this.#corked = null;
  };

  #bytes(command: string): Buffer {
    let b = this.#requestBytes.get(command);
    if (!b) {
      b = Buffer.from(`GET /commands/${command} HTTP/1.1\r\nHost: ${this.#server}\r\nAccept: application/json\r\n\r\n`, "latin1");
      this.#requestBytes.set(command, b);
    }
    return b;
  }

  #open(): net.Socket {
    const socket: net.Socket = net.connect({
      host: this.#target.host,
      port: this.#target.port,
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Buffer) => this.#onRead(socket, n, buf) },
    });
    this.#socket = socket;
    this.#events.opened();
    this.#connected = false;
    this.#answered = 0;
    socket.setNoDelay(true);
    socket.on("connect", () => {
      if (socket !== this.#socket) return;
      this.#connected = true;
      this.#arm();
    });
    socket.on("end", () => this.#onLost(socket, null));
    socket.on("close", () => this.#onLost(socket, null));
    socket.on("error", (err: NodeJS.ErrnoException) => this.#onLost(socket, err));
    return socket;
  }

  #onRead(socket: net.Socket, n: number, buf: Buffer): boolean {
    if (socket !== this.#socket) return false;
    const reader = this.#reader;
    const r = this.#sent[0];
    if (r === undefined) {
      // Bytes nobody asked for: the stream can no longer be trusted.
      this.#drop();
      this.#events.gone(this);
      return false;
    }
    try {
      reader.maxBytes = r.limits.maxBytes;
      reader.append(buf, n);
      while (this.#sent.length > 0 && reader.parse()) {
        const done = this.#sent.shift()!;
        const { keepAlive } = reader;
        answer(done, reader);
        this.#answered++;
        if (!keepAlive) {
          this.#restart();
          return false;
        }
        if (this.#sent.length > 0) reader.maxBytes = this.#sent[0]!.limits.maxBytes;
      }
    } catch (err) {
      if (!(err instanceof HttpReadError)) throw err;
      const bad = this.#sent.shift()!;
      bad.fail(err.kind, err.message, err);
      this.#restart();
      return false;
    }
    if (this.#sent.length === 0) this.#idle(socket);
    else this.#arm();
    return true;
  }

  /** The socket cannot serve the requests left on it (closed by the server, garbage): resend them on a new one. */
  #restart(): void {
    const rest = this.#sent;
    this.#sent = [];
    this.#drop();
    for (const r of rest) this.#send(r);
    if (rest.length === 0) this.#events.gone(this);
  }

  #idle(socket: net.Socket): void {
    this.#disarm();
    this.idleSince = performance.now();
    // An idle keep-alive socket must not keep the process alive.
    socket.unref();
  }

  #onLost(socket: net.Socket, err: NodeJS.ErrnoException | null): void {
    if (socket !== this.#socket) return;
    const reader = this.#reader;
    if (err === null && this.#sent.length > 0 && reader.closed()) {
      // A body read up to the close.
      answer(this.#sent.shift()!, reader);
    }
    const sent = this.#sent;
    const started = reader.held > 0;
    const connected = this.#connected;
    this.#sent = [];
    this.#drop();
    sent.forEach((r, i) => {
      if (i === 0 && started) r.fail("garbage", `answer cut short${err ? `: ${err.message}` : ""}`, err);
      else if (r.reused && !r.retried && connected) {
        r.retried = true;
        this.#send(r);
      } else if (err?.code === "ECONNREFUSED") r.fail("admin-off", "AdminServer not listening (connection refused)", err);
      else if (err !== null) {
        const { kind, reason } = classifySocketError(err);
        r.fail(kind, reason, err);
      } else r.fail("closed", "the server closed the connection without an answer");
    });
    if (this.#socket === null) this.#events.gone(this);
  }

  #drop(): void {
    this.#disarm();
    this.#reader.release();
    const socket = this.#socket;
    this.#socket = null;
    this.#connected = false;
    this.#answered = 0;
    socket?.destroy();
  }

  #disarm(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** One timer per connection, at the earliest deadline of the requests on it. */
  #arm(): void {
    if (this.#sent.length === 0) {
      this.#disarm();
      return;
    }
    let deadline = Number.POSITIVE_INFINITY;
    for (const r of this.#sent) deadline = Math.min(deadline, this.#connected ? r.totalDeadline : Math.min(r.connectDeadline, r.totalDeadline));
    // A timer set earlier stays: its sweep re-arms for what is left (requests of one scrape share a deadline).
    if (this.#timer !== null && this.#armedFor <= deadline) return;
    this.#disarm();
    this.#armedFor = deadline;
    // Decided in setImmediate, after pending I/O: an answer that did arrive is not a timeout.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (this.#timer === timer) this.#sweep();
        }),
      Math.max(1, Math.ceil(deadline - performance.now())),
    );
    this.#timer = timer;
  }

  #sweep(): void {
    this.#timer = null;
    const now = performance.now();
    const expired = this.#sent.some((r) => (this.#connected ? r.totalDeadline : Math.min(r.connectDeadline, r.totalDeadline)) <= now);
    if (!expired) {
      this.#arm();
      return;
    }
    // Answers come in order: behind a late one, none can arrive on this socket in time either.
    const sent = this.#sent;
    const connected = this.#connected;
    const bytes = this.#reader.held;
    this.#sent = [];
    this.#drop();
    for (const r of sent) {
      if (!connected) {
        const ms = r.connectDeadline <= r.totalDeadline ? r.limits.connectTimeoutMs : r.limits.totalTimeoutMs;
        r.fail("unreachable", `no connection to the AdminServer within ${ms} ms`);
      } else r.fail("hung", `connected but no complete answer within ${r.limits.totalTimeoutMs} ms (${r === sent[0] ? bytes : 0} bytes received)`);
    }
    this.#events.gone(this);
  }
}
