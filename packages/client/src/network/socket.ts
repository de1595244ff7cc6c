import net from "node:net";
import tls from "node:tls";

export interface HostPort {
  host: string;
  port: number;
}

export function formatHost(h: HostPort): string {
  return h.host.includes(":") ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;
}

export type TlsOptions = tls.ConnectionOptions;

/**
 * Receives the socket's bytes. `reused` chunks live in a buffer that the next read overwrites: whatever
 * the receiver keeps past its return must be copied.
 */
export type ChunkSink = (chunk: Buffer, reused: boolean) => void;

/** Size of the buffer plain TCP sockets read into (one per connection, reused by every read). */
const READ_BUFFER_BYTES = 128 * 1024;

/**
 * Opens a TCP (or TLS) socket with a deadline, delivering what it reads to `sink`. Rejects with the
 * socket error, or a timeout error naming the server, and never leaves a socket behind.
 */
export function openSocket(
  target: HostPort,
  timeoutMs: number,
  tlsOptions: TlsOptions | undefined,
  sink: ChunkSink,
  signal?: AbortSignal,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let socket: net.Socket;
    if (tlsOptions) {
      socket = tls.connect({ servername: net.isIP(target.host) ? undefined : target.host, ...tlsOptions, ...target });
      socket.on("data", (chunk: Buffer) => sink(chunk, false));
    } else {
      // Reads into one reused buffer: no allocation and no stream machinery per read.
      const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
      socket = net.connect({
        ...target,
        onread: {
          buffer,
          callback: (nread: number) => {
            sink(buffer.subarray(0, nread), true);
            return true;
          },
        },
      });
    }
    socket.setNoDelay(true);
    const done = (err?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
      socket.off(tlsOptions ? "secureConnect" : "connect", onConnect);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        resolve(socket);
      }
    };
    const onError = (err: Error) => done(err);
    const onConnect = () => done();
    const onAbort = () => done(new Error(`connect to ${formatHost(target)} aborted`));
    const timer = setTimeout(
      () => done(new Error(`connect to ${formatHost(target)} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once("error", onError);
    socket.once(tlsOptions ? "secureConnect" : "connect", onConnect);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
