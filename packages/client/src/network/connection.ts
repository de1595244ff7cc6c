/**
 * One TCP/TLS connection to one ZooKeeper server: the handshake, framing and
 * write coalescing (every request produced in one tick goes out in one
 * socket write). It knows nothing about sessions, xids or watches.
 */
import type net from "node:net";
import { JuteReader } from "../jute/reader.ts";
import { JuteWriter } from "../jute/writer.ts";
import { type ConnectRequest, ConnectRequestRecord, type ConnectResponse, readConnectResponse } from "../records/connect.ts";
import { ProtocolError } from "../errors.ts";
import { FrameReader } from "./frame-reader.ts";
import { ReadPacer } from "./read-pacing.ts";
import { formatHost, type HostPort, openSocket, type TlsOptions } from "./socket.ts";

export interface ConnectionOptions {
  connectTimeoutMs: number;
  maxFrame: number;
  tls?: TlsOptions | undefined;
  now: () => number;
  signal?: AbortSignal;
}

/** One frame payload, buf[start, end): valid only during the call (the read buffer is reused). */
export type FrameHandler = (buf: Buffer, start: number, end: number) => void;
export type CloseHandler = (reason: Error) => void;

export class Connection {
  readonly server: string;
  lastReceivedAt: number;
  lastSentAt: number;
  #socket: net.Socket;
  #frames: FrameReader;
  #now: () => number;
  #writer = new JuteWriter(64 * 1024);
  #flushTick = false;
  #onFrame: FrameHandler | null = null;
  #onClose: CloseHandler | null = null;
  #backlog: Buffer[] = [];
  #closed: Error | null = null;

  private constructor(socket: net.Socket, server: string, maxFrame: number, now: () => number) {
    this.#socket = socket;
    this.server = server;
    this.#frames = new FrameReader(maxFrame);
    this.#now = now;
    this.lastReceivedAt = now();
    this.lastSentAt = now();
    socket.on("error", (err) => this.close(err));
    socket.on("close", () => this.close(new Error(`server ${server} closed the connection`)));
  }

  /** Connects and performs the ZooKeeper handshake; rejects if the server refuses or closes. */
  static async open(
    target: HostPort,
    request: ConnectRequest,
    opts: ConnectionOptions,
  ): Promise<{ connection: Connection; response: ConnectResponse }> {
    const server = formatHost(target);
    // Nothing arrives before the handshake request is written, so the sink is set before it matters.
    const bound: { conn?: Connection } = {};
    const sink = (chunk: Buffer, reused: boolean) => {
      if (bound.conn) bound.conn.#onData(chunk, reused);
    };
    const socket = await openSocket(target, opts.connectTimeoutMs, opts.tls, sink, opts.signal);
    const conn = new Connection(socket, server, opts.maxFrame, opts.now);
    bound.conn = conn;
    const response = await new Promise<ConnectResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        conn.close(new Error(`server ${server} did not answer the handshake within ${opts.connectTimeoutMs} ms`));
      }, opts.connectTimeoutMs);
      const onAbort = () => conn.close(new Error(`connect to ${server} aborted`));
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
      };
      conn.#onClose = (reason) => {
        settle();
        reject(reason);
      };
      conn.#onFrame = (buf, start, end) => {
        settle();
        conn.#onFrame = null;
        conn.#onClose = null;
        try {
          resolve(readConnectResponse(new JuteReader(buf, start, end)));
        } catch (err) {
          const e = new Error(`server ${server} sent an invalid handshake reply: ${(err as Error).message}`);
          conn.close(e);
          reject(e);
        }
      };
      const w = conn.writer();
      const at = w.beginFrame();
      ConnectRequestRecord.write(w, request);
      w.endFrame(at);
      conn.flush();
    });
    return { connection: conn, response };
  }

  get closed(): boolean {
    return this.#closed !== null;
  }

  /** Starts delivering frames (including any that arrived right after the handshake). */
  attach(onFrame: FrameHandler, onClose: CloseHandler): void {
    this.#onFrame = onFrame;
    this.#onClose = onClose;
    if (this.#closed) {
      onClose(this.#closed);
      return;
    }
    const backlog = this.#backlog;
    this.#backlog = [];
    for (const frame of backlog) {
      if (this.#closed) return;
      onFrame(frame, 0, frame.length);
    }
  }

  /**
   * The writer collecting this tick's frames; a flush is scheduled on first use, on process.nextTick: a
   * request issued from a promise continuation schedules it while microtasks run, and Node runs that
   * tick only once the microtask queue is empty, so every request issued by the continuations of one
   * read's replies goes out in one write, in the same wake-up (no timer: that would be a wake-up more).
   */
  writer(): JuteWriter {
    if (!this.#flushTick) {
      this.#flushTick = true;
      process.nextTick(this.#scheduledFlush);
    }
    return this.#writer;
  }

  readonly #scheduledFlush = (): void => {
    this.#flushTick = false;
    this.flush();
  };

  /** Writes the batch now (a lone request); a pending tick then finds nothing to write. */
  flush(): void {
    const w = this.#writer;
    if (w.length === 0 || this.#closed) return;
    this.lastSentAt = this.#now();
    this.#socket.write(w.finish());
  }

  close(reason: Error): void {
    if (this.#closed) return;
    this.#closed = reason;
    this.#socket.destroy();
    const onClose = this.#onClose;
    this.#onClose = null;
    this.#onFrame = null;
    onClose?.(reason);
  }

  /**
   * Requests in flight, kept by the session: with enough of them, reads pause between batches (see
   * ReadPacer), so that one read and one wake-up serve many replies instead of the few the server sends
   * at a time.
   */
  inflight = 0;
  #readPaused = false;
  readonly #pacer = new ReadPacer();

  readonly #deliver = (buf: Buffer, start: number, end: number): void => {
    if (this.#closed) return;
    // Frames are handled before the read returns; one kept for later is copied out of the read buffer.
    if (this.#onFrame) this.#onFrame(buf, start, end);
    else this.#backlog.push(Buffer.from(buf.subarray(start, end)));
  };

  #onData(chunk: Buffer, reused: boolean): void {
    if (this.#closed) return;
    const now = this.#now();
    this.lastReceivedAt = now;
    let frames: number;
    try {
      frames = this.#frames.feed(chunk, reused, this.#deliver);
    } catch (err) {
      this.close(new ProtocolError(`protocol error from ${this.server}: ${(err as Error).message}`, { server: this.server }));
      return;
    }
    const pauseMs = this.#pacer.afterRead(now, frames, this.inflight);
    if (pauseMs > 0 && !this.#readPaused && !this.#closed) {
      this.#readPaused = true;
      this.#socket.pause();
      setTimeout(() => {
        this.#readPaused = false;
        if (!this.#closed) this.#socket.resume();
      }, pauseMs);
    }
  }
}
