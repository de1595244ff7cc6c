import type { JuteReader } from "../jute/reader.ts";
import type { JuteWriter } from "../jute/writer.ts";
import type { Connection } from "../network/connection.ts";
import { RequestHeaderRecord } from "../records/headers.ts";

/** One request on its way through the session: queued, then in flight, then settled once. */
export interface PendingRequest {
  xid: number;
  opCode: number;
  /** Operation name for errors, e.g. "getData". */
  opName: string;
  /** Client-side path, for errors. */
  path: string | undefined;
  encode(w: JuteWriter): void;
  decode(r: JuteReader): unknown;
  /** Called with the reply's error code before the promise settles (watch registration). */
  onReply?: ((err: number) => void) | undefined;
  /** Error codes that resolve with `null` instead of rejecting (exists → NONODE). */
  nullOn?: number | undefined;
  resolve(value: unknown): void;
  reject(err: Error): void;
  settled: boolean;
  /** Internal requests (setWatches) are not failed to a caller on connection loss. */
  internal?: boolean;
  cleanup?: (() => void) | undefined;
}

export function settle(req: PendingRequest, err: Error | null, value?: unknown): void {
  if (req.settled) return;
  req.settled = true;
  req.cleanup?.();
  if (err) req.reject(err);
  else req.resolve(value);
}

/** Writes the request's frame into the connection's batch; returns its length, and drops it if over `limit`. */
export function writeRequest(conn: Connection, req: PendingRequest, limit: number, deep = false): number {
  const w = conn.writer(deep);
  const at = w.beginFrame();
  RequestHeaderRecord.write(w, { xid: req.xid, type: req.opCode });
  req.encode(w);
  const len = w.endFrame(at);
  if (len > limit) w.truncate(at);
  return len;
}
