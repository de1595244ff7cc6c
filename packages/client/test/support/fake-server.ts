// A scripted fake ZooKeeper server for faults a real one cannot produce
// (garbage bytes, absurd frame lengths, unknown xids, a byte a second) and for
// asserting what the client did or did not send. Two modes:
//  - standalone: the fake answers the handshake itself and hands every later
//    request to the script;
//  - proxy (`upstream`): every frame is forwarded to a real server and back, so
//    the session is real and the client can resume it on another server after
//    the fake broke the connection; the script sees each client request first
//    and may swallow it and answer with anything.
import net from "node:net";
import { JuteReader } from "../../src/jute/reader.ts";
import { JuteWriter } from "../../src/jute/writer.ts";
import { OP_CODES, XIDS } from "../../src/protocol/op-codes.ts";
import { type ConnectRequest, ConnectRequestRecord } from "../../src/records/connect.ts";
import { ReplyHeaderRecord, RequestHeaderRecord } from "../../src/records/headers.ts";

export interface FakeRequest {
  xid: number;
  type: number;
  /** The request record after the header. */
  body: Buffer;
  /** The whole frame payload (header + body). */
  frame: Buffer;
}

export interface FakeConnection {
  readonly socket: net.Socket;
  readonly connectRequest: ConnectRequest;
  /** Every request after the handshake, in arrival order (pings included). */
  readonly requests: FakeRequest[];
  /** Writes one reply frame: ReplyHeader + body. */
  reply(xid: number, err: number, body?: Buffer, zxid?: bigint): void;
  /** Writes bytes as they are. */
  raw(bytes: Buffer): void;
  /** Forwards a request to the upstream server (proxy mode only). */
  forward(req: FakeRequest): void;
  /** Destroys the client socket (and the upstream one). */
  close(): void;
}

export type Verdict = "forward" | "handled";

export interface FakeServerOptions {
  /** Real server "host:port": proxy mode. */
  upstream?: string;
  /**
   * Standalone mode: what to do with the connect request. Default: answer it
   * with a new session (negotiated timeout = requested).
   */
  onConnect?: (conn: FakeConnection, req: ConnectRequest) => void;
  /**
   * Every request after the handshake. Proxy mode: return "forward" (default)
   * or "handled". Standalone mode: pings are answered unless this returns
   * "handled"; close requests are answered and the socket closed.
   */
  onRequest?: (conn: FakeConnection, req: FakeRequest) => Verdict | undefined;
}

export function frame(payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(payload.length);
  return Buffer.concat([head, payload]);
}

/** A reply frame (length prefix included). */
export function replyFrame(xid: number, err: number, body: Buffer = Buffer.alloc(0), zxid = 0n): Buffer {
  const w = new JuteWriter(64);
  ReplyHeaderRecord.write(w, { xid, zxid, err });
  return frame(Buffer.concat([w.finish(), body]));
}

/** A ConnectResponse frame for a new session. */
export function connectResponseFrame(timeOut: number, sessionId = 0x1234n, readOnly = false): Buffer {
  const w = new JuteWriter(64);
  w.int(0);
  w.int(timeOut);
  w.long(sessionId);
  w.buffer(Buffer.alloc(16, 7));
  w.bool(readOnly);
  return frame(Buffer.from(w.finish()));
}

/** Encodes a record body with one of the client's codecs. */
export function encode(write: (w: JuteWriter) => void): Buffer {
  const w = new JuteWriter(64);
  write(w);
  return Buffer.from(w.finish());
}

/** Splits a byte stream into frame payloads without any limit (the fake trusts the client). */
class Framer {
  #buf = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.#buf = Buffer.concat([this.#buf, chunk]);
    const out: Buffer[] = [];
    while (this.#buf.length >= 4) {
      const len = this.#buf.readInt32BE(0);
      if (this.#buf.length < 4 + len) break;
      out.push(this.#buf.subarray(4, 4 + len));
      this.#buf = this.#buf.subarray(4 + len);
    }
    return out;
  }
}

export class FakeServer {
  readonly connections: FakeConnection[] = [];
  #server: net.Server;
  #sockets = new Set<net.Socket>();
  #opts: FakeServerOptions;

  private constructor(opts: FakeServerOptions) {
    this.#opts = opts;
    this.#server = net.createServer((socket) => this.#accept(socket));
  }

  static async start(opts: FakeServerOptions = {}): Promise<FakeServer> {
    const fake = new FakeServer(opts);
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Requests of every connection except pings. */
  get requests(): FakeRequest[] {
    return this.connections.flatMap((c) => c.requests).filter((r) => r.xid !== XIDS.ping);
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => {});
    const framer = new Framer();
    let upstream: net.Socket | null = null;
    let conn: FakeConnection | null = null;
    const pendingToUpstream: Buffer[] = [];
    let upstreamReady = false;
    const toUpstream = (payload: Buffer) => {
      if (upstreamReady) upstream!.write(frame(payload));
      else pendingToUpstream.push(frame(payload));
    };
    if (this.#opts.upstream) {
      const [host, port] = this.#opts.upstream.split(":");
      upstream = net.connect({ host: host!, port: Number(port) });
      this.#sockets.add(upstream);
      upstream.on("close", () => {
        this.#sockets.delete(upstream!);
        socket.destroy();
      });
      upstream.on("error", () => socket.destroy());
      upstream.on("connect", () => {
        upstreamReady = true;
        for (const b of pendingToUpstream.splice(0)) upstream!.write(b);
      });
      // Replies go back unchanged, byte for byte.
      upstream.on("data", (chunk) => {
        if (!socket.destroyed) socket.write(chunk);
      });
      socket.on("close", () => upstream!.destroy());
    }
    socket.on("data", (chunk: Buffer) => {
      for (const payload of framer.push(chunk)) {
        if (conn === null) {
          const connectRequest = ConnectRequestRecord.read(new JuteReader(payload));
          conn = this.#connection(socket, connectRequest, toUpstream, upstream);
          this.connections.push(conn);
          if (upstream) toUpstream(payload);
          else if (this.#opts.onConnect) this.#opts.onConnect(conn, connectRequest);
          else socket.write(connectResponseFrame(connectRequest.timeOut));
          continue;
        }
        const r = new JuteReader(payload);
        const header = RequestHeaderRecord.read(r);
        const req: FakeRequest = { xid: header.xid, type: header.type, body: payload.subarray(8), frame: payload };
        conn.requests.push(req);
        const verdict = this.#opts.onRequest?.(conn, req);
        if (verdict === "handled") continue;
        if (upstream) {
          toUpstream(payload);
        } else if (req.type === OP_CODES.ping) {
          conn.reply(XIDS.ping, 0);
        } else if (req.type === OP_CODES.closeSession) {
          conn.reply(req.xid, 0);
          socket.end();
        }
      }
    });
  }

  #connection(
    socket: net.Socket,
    connectRequest: ConnectRequest,
    toUpstream: (payload: Buffer) => void,
    upstream: net.Socket | null,
  ): FakeConnection {
    return {
      socket,
      connectRequest,
      requests: [],
      reply(xid, err, body, zxid) {
        if (!socket.destroyed) socket.write(replyFrame(xid, err, body, zxid));
      },
      raw(bytes) {
        if (!socket.destroyed) socket.write(bytes);
      },
      forward(req) {
        if (!upstream) throw new Error("forward needs an upstream server");
        toUpstream(req.frame);
      },
      close() {
        socket.destroy();
        upstream?.destroy();
      },
    };
  }
}
