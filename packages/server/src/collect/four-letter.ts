// Sends one four-letter word over a fresh TCP connection and reads the answer until the server
// closes, with a connect deadline, a total deadline and a size limit. The socket is destroyed on
// every path, so no failure leaks a socket. The answer comes as text (fourLetterWord), or is
// parsed from its bytes as soon as it is complete (fourLetterParse: mntr, never made a string).
import net from "node:net";
import { growAnswerBuffer, returnAnswerBuffer, takeAnswerBuffer } from "./answer-buffers.ts";
import { CollectError, classifySocketError } from "./errors.ts";
import type { HostPort } from "./endpoint.ts";
import { formatHostPort } from "./endpoint.ts";
import type { RequestLimits } from "./limits.ts";

export const NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

const COMMAND_BYTES = new Map<string, Buffer>();

function commandBytes(cmd: string): Buffer {
  let b = COMMAND_BYTES.get(cmd);
  if (!b) {
    b = Buffer.from(cmd, "latin1");
    if (COMMAND_BYTES.size < 64) COMMAND_BYTES.set(cmd, b);
  }
  return b;
}

const SOURCES = new Map<string, string>();
const SERVERS = new WeakMap<HostPort, string>();

// Every request reads into this one buffer (net's `onread`: no stream 'data' events, no buffer
// allocated per read) and takes out only its answer, synchronously, before any other socket's
// read can run. A read that ends on an ASCII byte (ends no UTF-8 sequence half-way: 4lw answers
// are ASCII) is decoded to the answer string straight from it; otherwise the bytes are copied
// and decoded together at the end.
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** Refusal texts are short; a longer answer parsed from bytes is not checked for one. */
const REFUSAL_MAX_BYTES = 256;
const REQUEST = Symbol("four-letter request");
type RequestSocket = net.Socket & { [REQUEST]: Request };

/** One request's state; socket events reach it through shared listeners, not closures. */
class Request {
  readonly cmd: string;
  /** Parses the answer from its bytes (valid during the call only); null: the answer is text. */
  readonly parse: ((answer: Buffer) => unknown) | null;
  readonly limits: RequestLimits;
  readonly server: string;
  readonly source: string;
  readonly connectDeadline: number;
  readonly totalDeadline: number;
  socket: net.Socket | null = null;
  /** The answer so far, decoded from reads that ended on an ASCII byte. */
  text = "";
  /** Bytes after `text`, from the first read that ended inside a UTF-8 sequence on. */
  chunks: Buffer[] | null = null;
  /** With `parse`: the answer so far, in `size` bytes of a buffer from answer-buffers.ts. */
  answer: Buffer | null = null;
  size = 0;
  connected = false;
  done = false;
  resolve: ((answer: unknown) => void) | null = null;
  reject: ((err: CollectError) => void) | null = null;

  constructor(cmd: string, parse: ((answer: Buffer) => unknown) | null, limits: RequestLimits, server: string, source: string, now: number) {
    this.cmd = cmd;
    this.parse = parse;
    this.limits = limits;
    this.server = server;
    this.source = source;
    this.connectDeadline = now + limits.connectTimeoutMs;
    this.totalDeadline = now + limits.totalTimeoutMs;
  }

  finish(err: CollectError | null): void {
    if (this.done) return;
    this.done = true;
    const { resolve, reject, chunks, answer } = this;
    let text = this.text;
    this.socket?.destroy();
    // The deadline queues hold a finished request until its deadline: keep nothing big alive.
    this.socket = null;
    this.chunks = null;
    this.answer = null;
    this.text = "";
    this.resolve = this.reject = null;
    if (this.parse !== null) {
      try {
        if (err) throw err;
        const bytes = answer === null ? Buffer.alloc(0) : answer.subarray(0, this.size);
        if (bytes.length <= REFUSAL_MAX_BYTES) checkReply(bytes.toString("utf8"), this);
        resolve!(this.parse(bytes));
      } catch (e) {
        reject!(e as CollectError);
      } finally {
        if (answer !== null) returnAnswerBuffer(answer);
      }
      return;
    }
    if (err) {
      reject!(err);
      return;
    }
    if (chunks !== null) text += Buffer.concat(chunks).toString("utf8");
    try {
      resolve!(checkReply(text, this));
    } catch (e) {
      reject!(e as CollectError);
    }
  }

  fail(kind: CollectError["kind"], reason: string, cause?: unknown): void {
    if (!this.done) this.finish(new CollectError(kind, reason, { server: this.server, source: this.source }, { cause }));
  }
}

/**
 * Deadlines of every in-flight request with the same timeout, in start order (so in deadline
 * order), checked by one timer for all of them instead of timers per request. Finished requests
 * are skipped lazily. The timer is unref'd: a pending request always has a socket or a DNS lookup
 * that keeps the process alive.
 */
class DeadlineQueue {
  readonly #ms: number;
  readonly #connect: boolean;
  #items: Request[] = [];
  #head = 0;
  /** A timer is set, or its sweep pending: the sweep re-arms for what is left. */
  #armed = false;
  readonly #fire = () => {
    // A deadline fires in the timers phase; I/O that arrived meanwhile is handled in the poll
    // phase after it. Deciding in setImmediate (after that poll phase) keeps a busy event loop
    // from labelling an answer that did arrive in time as a timeout.
    setImmediate(this.#sweep);
  };
  readonly #sweep = () => {
    this.#armed = false;
    const now = performance.now();
    const items = this.#items;
    let head = this.#head;
    while (head < items.length) {
      const r = items[head]!;
      if (r.done || (this.#connect && r.connected)) {
        head++;
        continue;
      }
      const deadline = this.#connect ? r.connectDeadline : r.totalDeadline;
      if (deadline > now) break;
      head++;
      if (this.#connect) r.fail("unreachable", `no connection within ${this.#ms} ms`);
      else if (!r.connected) r.fail("unreachable", `no connection within ${this.#ms} ms`);
      else r.fail("hung", `connected but no complete answer within ${this.#ms} ms (${r.size} bytes received)`);
    }
    if (head === items.length) {
      this.#items = [];
      this.#head = 0;
      return;
    }
    if (head > 256 && head * 2 > items.length) {
      this.#items = items.slice(head);
      head = 0;
    }
    this.#head = head;
    this.#arm(this.#items[head]!, now);
  };

  constructor(ms: number, connect: boolean) {
    this.#ms = ms;
    this.#connect = connect;
  }

  add(r: Request, now: number): void {
    this.#items.push(r);
    if (!this.#armed) this.#arm(r, now);
  }

  #arm(r: Request, now: number): void {
    this.#armed = true;
    const deadline = this.#connect ? r.connectDeadline : r.totalDeadline;
    setTimeout(this.#fire, Math.max(1, Math.ceil(deadline - now))).unref();
  }
}

const CONNECT_QUEUES = new Map<number, DeadlineQueue>();
const TOTAL_QUEUES = new Map<number, DeadlineQueue>();

function queue(queues: Map<number, DeadlineQueue>, ms: number, connect: boolean): DeadlineQueue {
  let q = queues.get(ms);
  if (!q) {
    q = new DeadlineQueue(ms, connect);
    queues.set(ms, q);
  }
  return q;
}

function onRead(this: RequestSocket, nread: number, buf: Buffer): boolean {
  const r = this[REQUEST];
  if (r.done) return false;
  r.size += nread;
  if (r.size > r.limits.maxBytes) {
    r.fail("too-large", `answer larger than ${r.limits.maxBytes} bytes`);
    return false;
  }
  if (r.parse !== null) {
    const used = r.size - nread;
    const answer = r.answer === null ? takeAnswerBuffer(nread) : growAnswerBuffer(r.answer, used, nread);
    buf.copy(answer, used, 0, nread);
    r.answer = answer;
    return true;
  }
  if (r.chunks === null && buf[nread - 1]! < 0x80) {
    r.text += buf.toString("utf8", 0, nread);
    return true;
  }
  const copy = Buffer.allocUnsafe(nread);
  buf.copy(copy, 0, 0, nread);
  if (r.chunks === null) r.chunks = [copy];
  else r.chunks.push(copy);
  return true;
}

function onConnect(this: RequestSocket): void {
  const r = this[REQUEST];
  if (r.done) return;
  r.connected = true;
  this.write(commandBytes(r.cmd));
}

// The whole answer is in once the server closes its side (4lw servers close after answering):
// destroy, no orderly shutdown of ours.
function onEnd(this: RequestSocket): void {
  this[REQUEST].finish(null);
}

function onClose(this: RequestSocket): void {
  this[REQUEST].finish(null);
}

function onError(this: RequestSocket, err: NodeJS.ErrnoException): void {
  const r = this[REQUEST];
  if (r.done) return;
  // A reset after a full answer is normal for some servers; keep what was read.
  if (r.connected && r.size > 0 && (err.code === "ECONNRESET" || err.code === "EPIPE")) {
    r.finish(null);
    return;
  }
  const { kind, reason } = classifySocketError(err);
  r.fail(kind, reason, err);
}

export function fourLetterWord(target: HostPort, cmd: string, limits: RequestLimits): Promise<string> {
  return request(target, cmd, null, limits) as Promise<string>;
}

/**
 * fourLetterWord, but the answer is parsed from its bytes as soon as it is complete: `parse` may
 * read them during the call only (the buffer is reused). Refusals and an empty answer fail as in
 * fourLetterWord; what `parse` throws rejects the promise.
 */
export function fourLetterParse<T>(target: HostPort, cmd: string, limits: RequestLimits, parse: (answer: Buffer) => T): Promise<T> {
  return request(target, cmd, parse, limits) as Promise<T>;
}

function request(target: HostPort, cmd: string, parse: ((answer: Buffer) => unknown) | null, limits: RequestLimits): Promise<unknown> {
  // Error context strings, built once per command and target rather than per request.
  let source = SOURCES.get(cmd);
  if (source === undefined) {
    source = `4lw:${cmd}`;
    if (SOURCES.size < 64) SOURCES.set(cmd, source);
  }
  let server = SERVERS.get(target);
  if (server === undefined) {
    server = formatHostPort(target);
    SERVERS.set(target, server);
  }
  const now = performance.now();
  const r = new Request(cmd, parse, limits, server, source, now);
  const promise = new Promise<unknown>((resolve, reject) => {
    r.resolve = resolve;
    r.reject = reject;
  });
  const socket = net.connect({
    host: target.host,
    port: target.port,
    allowHalfOpen: true,
    onread: { buffer: READ_BUFFER, callback: onRead as (n: number, b: Buffer) => boolean },
  }) as RequestSocket;
  socket[REQUEST] = r;
  r.socket = socket;
  // Shared listeners with `on` (idempotent after `finish`): `once` would wrap each in a closure.
  socket.on("connect", onConnect);
  socket.on("end", onEnd);
  socket.on("close", onClose);
  socket.on("error", onError);
  queue(CONNECT_QUEUES, limits.connectTimeoutMs, true).add(r, now);
  queue(TOTAL_QUEUES, limits.totalTimeoutMs, false).add(r, now);
  return promise;
}

/** Turns ZooKeeper's refusal texts into typed failures; returns other answers as they are. */
export function checkReply(text: string, ctx: { server: string; source: string; cmd: string }): string {
  const trimmed = text.trim();
  if (trimmed.endsWith("is not executed because it is not in the whitelist.")) {
    throw new CollectError("not-whitelisted", `'${ctx.cmd}' is not in 4lw.commands.whitelist`, ctx);
  }
  if (trimmed === NOT_SERVING) {
    throw new CollectError("not-serving", "the server is not currently serving requests", ctx);
  }
  if (trimmed.length === 0) {
    throw new CollectError("closed", "the server closed the connection without an answer", ctx);
  }
  return text;
}
