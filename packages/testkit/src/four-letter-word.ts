// Four-letter words over a raw TCP connection: the server writes the answer
// and closes, so the answer is everything read until end of stream.
import { connect } from "node:net";
import { FourLetterWordError } from "./errors.ts";

export type ServerMode = "leader" | "follower" | "observer" | "standalone" | "read-only" | "not serving" | "down";

/** Sends `cmd` (e.g. "srvr", "ruok", "mntr") and resolves with the whole answer. */
export function fourLetterWord(host: string, port: number, cmd: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host, port });
    const finish = (err?: FourLetterWordError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(() => finish(new FourLetterWordError(host, port, cmd, `timeout after ${timeoutMs} ms`)), timeoutMs);
    socket.on("connect", () => socket.end(cmd));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", (err: NodeJS.ErrnoException) => {
      // A reset after the answer arrived still carries a complete answer.
      if (err.code === "ECONNRESET" && chunks.length > 0) return finish();
      const reason = err.code === "ECONNREFUSED" ? "refused" : err.code === "ECONNRESET" ? "reset" : err.message;
      finish(new FourLetterWordError(host, port, cmd, reason, { cause: err }));
    });
  });
}

/** The mode named by a `srvr`/`stat` answer ("Mode: follower"), or "not serving". */
export function parseMode(srvr: string): ServerMode {
  const m = /^Mode: (\S+)/m.exec(srvr);
  if (!m) return "not serving";
  const mode = m[1];
  switch (mode) {
    case "leader":
    case "follower":
    case "observer":
    case "standalone":
    case "read-only":
      return mode;
    default:
      return "not serving";
  }
}

/** Asks `srvr`; a refused, reset or unanswered connection is "down". */
export async function probeMode(host: string, port: number, timeoutMs = 2000): Promise<ServerMode> {
  try {
    return parseMode(await fourLetterWord(host, port, "srvr", timeoutMs));
  } catch (err) {
    if (err instanceof FourLetterWordError) return "down";
    throw err;
  }
}

/** Modes in which a server answers clients as part of a working quorum (or alone). */
export const SERVING_MODES: readonly ServerMode[] = ["leader", "follower", "observer", "standalone"];
