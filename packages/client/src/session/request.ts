import type { JuteReader } from "../jute/reader.ts";
import type { JuteWriter } from "../jute/writer.ts";

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
