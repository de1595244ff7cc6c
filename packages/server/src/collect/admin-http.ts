// The AdminServer's answers (http://host:port/commands/<name>, JSON), classified. The requests
// themselves go over keep-alive connections (admin-client.ts, admin-connection.ts).
import { CollectError } from "./errors.ts";
import { NOT_SERVING } from "./four-letter.ts";

export type JsonObject = Record<string, unknown>;

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
