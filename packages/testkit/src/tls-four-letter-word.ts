// A four-letter word over the TLS client port, presenting the client
// certificate: proves the port speaks TLS and accepts the kit's client cert.
import { connect } from "node:tls";
import { FourLetterWordError } from "./errors.ts";

export interface TlsClientMaterial {
  ca: string;
  cert: string;
  key: string;
}

/** Like fourLetterWord, over TLS (server certificate verified against `tls.ca`). */
export function tlsFourLetterWord(host: string, port: number, cmd: string, tls: TlsClientMaterial, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let secured = false;
    const socket = connect({ host, port, ca: tls.ca, cert: tls.cert, key: tls.key }, () => {
      secured = true;
      socket.end(cmd);
    });
    const finish = (err?: FourLetterWordError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    // The first handshake of a JVM is slow (crypto classes load), hence 10 s.
    const timer = setTimeout(() => finish(new FourLetterWordError(host, port, `tls ${cmd}`, `timeout after ${timeoutMs} ms`)), timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // Closed before the handshake finished: not a TLS port, or our certificate was refused.
    const closed = () =>
      finish(secured ? undefined : new FourLetterWordError(host, port, `tls ${cmd}`, "connection closed before the TLS handshake completed"));
    socket.on("end", closed);
    socket.on("close", closed);
    socket.on("error", (err: NodeJS.ErrnoException) => {
      finish(new FourLetterWordError(host, port, `tls ${cmd}`, err.code === "ECONNREFUSED" ? "refused" : err.message.trim(), { cause: err }));
    });
  });
}
