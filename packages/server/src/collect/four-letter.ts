// Sends one four-letter word over a fresh TCP connection and reads the answer until the server
// closes, with a connect deadline, a total deadline and a size limit. The socket is destroyed on
// every path, so no failure leaks a socket.
import net from "node:net";
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

function joinChunks(chunks: Buffer[]): string {
  if (chunks.length === 0) return "";
  return chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
}

const SOURCES = new Map<string, string>();
const SERVERS = new WeakMap<HostPort, string>();

export function fourLetterWord(target: HostPort, cmd: string, limits: RequestLimits): Promise<string> {
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
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let connected = false;
    let done = false;
    const socket = net.connect({ host: target.host, port: target.port });
    const finish = (err: CollectError | null, text?: string) => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      socket.destroy();
      if (err) reject(err);
      else resolve(text ?? "");
    };
    const fail = (kind: CollectError["kind"], reason: string, cause?: unknown) =>
      finish(new CollectError(kind, reason, { server, source }, { cause }));
    // A deadline fires in the timers phase; I/O that arrived meanwhile is handled in the poll
    // phase after it. Deciding in setImmediate (after that poll phase) keeps a busy event loop
    // from labelling an answer that did arrive in time as a timeout.
    const connectTimer = setTimeout(
      () => setImmediate(() => connected || fail("unreachable", `no connection within ${limits.connectTimeoutMs} ms`)),
      limits.connectTimeoutMs,
    );
    const totalTimer = setTimeout(
      () =>
        setImmediate(() => {
          if (!connected) fail("unreachable", `no connection within ${limits.totalTimeoutMs} ms`);
          else fail("hung", `connected but no complete answer within ${limits.totalTimeoutMs} ms (${size} bytes received)`);
        }),
      limits.totalTimeoutMs,
    );
    socket.once("connect", () => {
      connected = true;
      clearTimeout(connectTimer);
      socket.write(commandBytes(cmd));
    });
    socket.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        fail("too-large", `answer larger than ${limits.maxBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    // "close" follows "end": decode the answer once.
    socket.once("end", () => done || finish(null, joinChunks(chunks)));
    socket.once("close", () => done || finish(null, joinChunks(chunks)));
    socket.once("error", (err: NodeJS.ErrnoException) => {
      // A reset after a full answer is normal for some servers; keep what was read.
      if (connected && size > 0 && (err.code === "ECONNRESET" || err.code === "EPIPE")) {
        finish(null, joinChunks(chunks));
        return;
      }
      const { kind, reason } = classifySocketError(err);
      fail(kind, reason, err);
    });
  }).then((text) => checkReply(text, { server, source, cmd }));
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
