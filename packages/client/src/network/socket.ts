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
 * Opens a TCP (or TLS) socket with a deadline. Rejects with the socket error,
 * or a timeout error naming the server, and never leaves a socket behind.
 */
export function openSocket(
  target: HostPort,
  timeoutMs: number,
  tlsOptions: TlsOptions | undefined,
  signal?: AbortSignal,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = tlsOptions
      ? tls.connect({ servername: net.isIP(target.host) ? undefined : target.host, ...tlsOptions, ...target })
      : net.connect(target);
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
