// GETs one AdminServer command (http://host:port/commands/<name>) with a connect deadline, a total
// deadline and a size limit, and returns the parsed JSON object. No keep-alive: every request has
// its own socket, destroyed on every path.
import http from "node:http";
import { CollectError, classifySocketError } from "./errors.ts";
import type { HostPort } from "./endpoint.ts";
import { formatHostPort } from "./endpoint.ts";
import { NOT_SERVING } from "./four-letter.ts";
import type { RequestLimits } from "./limits.ts";

export type JsonObject = Record<string, unknown>;

export function adminCommand(target: HostPort, command: string, limits: RequestLimits): Promise<JsonObject> {
  const source = `admin:${command}`;
  const server = formatHostPort(target);
  const ctx = { server, source };
  return new Promise<JsonObject>((resolve, reject) => {
    let done = false;
    let connected = false;
    let size = 0;
    const chunks: Buffer[] = [];
    const req = http.get({
      host: target.host,
      port: target.port,
      path: `/commands/${command}`,
      agent: false,
      headers: { accept: "application/json", connection: "close" },
    });
    const finish = (err: CollectError | null, value?: JsonObject) => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      req.destroy();
      if (err) reject(err);
      else resolve(value ?? {});
    };
    const fail = (kind: CollectError["kind"], reason: string, cause?: unknown) =>
      finish(new CollectError(kind, reason, ctx, { cause }));
    // Decided in setImmediate, after pending I/O: see four-letter.ts.
    const connectTimer = setTimeout(
      () =>
        setImmediate(
          () => connected || fail("unreachable", `no connection to the AdminServer within ${limits.connectTimeoutMs} ms`),
        ),
      limits.connectTimeoutMs,
    );
    const totalTimer = setTimeout(
      () =>
        setImmediate(() => {
          if (!connected) fail("unreachable", `no connection to the AdminServer within ${limits.totalTimeoutMs} ms`);
          else fail("hung", `connected but no complete answer within ${limits.totalTimeoutMs} ms (${size} bytes received)`);
        }),
      limits.totalTimeoutMs,
    );
    req.once("socket", (socket) => {
      socket.once("connect", () => {
        connected = true;
        clearTimeout(connectTimer);
      });
    });
    req.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") {
        fail("admin-off", "AdminServer not listening (connection refused)", err);
        return;
      }
      if (err.code === "HPE_INVALID_CONSTANT" || err.code?.startsWith("HPE_")) {
        fail("garbage", `not an HTTP answer (${err.code})`, err);
        return;
      }
      const { kind, reason } = classifySocketError(err);
      fail(kind, reason, err);
    });
    req.once("response", (res) => {
      const declared = Number(res.headers["content-length"] ?? "0");
      if (declared > limits.maxBytes) {
        fail("too-large", `answer larger than ${limits.maxBytes} bytes (Content-Length ${declared})`);
        return;
      }
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          fail("too-large", `answer larger than ${limits.maxBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      res.once("error", (err) => fail("garbage", `answer cut short: ${err.message}`, err));
      res.once("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          finish(null, interpretAdminReply(res.statusCode ?? 0, text, command, ctx));
        } catch (err) {
          finish(err as CollectError);
        }
      });
    });
  });
}

/** Classifies an AdminServer answer (status + body); returns the JSON object on success. */
export function interpretAdminReply(
  status: number,
  text: string,
  command: string,
  ctx: { server: string; source: string },
): JsonObject {
  if (status === 404) throw new CollectError("admin-off", `AdminServer does not know '${command}' (HTTP 404)`, ctx);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // ZooKeeper 3.8 answers /commands/monitor with an HTML 500 page when it does not serve.
    if (status === 500 && text.includes("zkServer") && text.includes("is null")) {
      throw new CollectError("not-serving", "the server is not currently serving requests", ctx);
    }
    throw new CollectError("garbage", `HTTP ${status}, answer is not JSON`, ctx);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CollectError("garbage", `HTTP ${status}, answer is not a JSON object`, ctx);
  }
  const obj = value as JsonObject;
  const error = obj.error;
  if (typeof error === "string" && error.length > 0) {
    if (error === NOT_SERVING) throw new CollectError("not-serving", "the server is not currently serving requests", ctx);
    throw new CollectError("command-error", error, ctx);
  }
  if (status !== 200) throw new CollectError("command-error", `HTTP ${status}`, ctx);
  return obj;
}
