// Small HTTP helpers for the Alertmanager API handlers.
import type http from "node:http";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = value === undefined ? "" : JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Alertmanager answers errors with a JSON string body. */
export function sendError(res: http.ServerResponse, err: ApiError): void {
  sendJson(res, err.status, err.message);
}

export async function readJsonBody(req: http.IncomingMessage, limit = 4 << 20): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new ApiError(413, "request body too large");
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "body is not valid JSON");
  }
}

export function parseTime(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === "" || v === "0001-01-01T00:00:00.000Z" || v === "0001-01-01T00:00:00Z") return undefined;
  if (typeof v !== "string") throw new ApiError(400, `${field} must be an RFC 3339 time`);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new ApiError(400, `${field}: '${v}' is not an RFC 3339 time`);
  return t;
}

export function boolParam(url: URL, name: string, dflt: boolean): boolean {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return dflt;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new ApiError(400, `${name} must be true or false`);
}

export const iso = (ms: number) => new Date(ms).toISOString();
