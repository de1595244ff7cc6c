import { type Codec, empty } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import type { Connection } from "../network/connection.ts";

/** One request on its way through the session: queued, then in flight, then settled once. */
export interface PendingRequest {
  xid: number;
  opCode: number;
  /** Operation name for errors, e.g. "getData". */
  opName: string;
  /** Client-side path, for errors. */
  path: string | undefined;
  /** The request record's codec and value (the reply is decoded with `response` only when err is 0). */
  request: Codec<unknown>;
  body: unknown;
  response: Codec<unknown>;
  /** Called with the reply's error code before the promise settles (watch registration). */
  onReply?: ((err: number) => void) | undefined;
  /** Shapes the decoded reply (or the nullOn null) before resolving. */
  map?: ((value: unknown) => unknown) | undefined;
  /** Error codes that resolve with `null` instead of rejecting (exists → NONODE). */
  nullOn?: number | undefined;
  resolve(value: unknown): void;
  reject(err: Error): void;
  settled: boolean;
  /** When it was queued (clock ms), so a request waiting for a connection does not wait forever. */
  queuedAt?: number;
  /** Internal requests (setWatches) are not failed to a caller on connection loss. */
  internal?: boolean;
  cleanup?: (() => void) | undefined;
}

const noop = (): void => {};

/**
 * A request made by a client call. A class rather than a literal so that every call's request has
 * one shape, with the fields set later (queuedAt, cleanup) present from the start.
 */
export class CallRequest implements PendingRequest {
  resolve: (value: unknown) => void = noop;
  reject: (err: Error) => void = noop;
  settled = false;
  queuedAt: number | undefined = undefined;
  cleanup: (() => void) | undefined = undefined;

  constructor(
    readonly xid: number,
    readonly opCode: number,
    readonly opName: string,
    readonly path: string | undefined,
    readonly request: Codec<unknown>,
    readonly body: unknown,
    readonly response: Codec<unknown>,
    readonly onReply: ((err: number) => void) | undefined,
    readonly map: ((value: unknown) => unknown) | undefined,
    readonly nullOn: number | undefined,
  ) {}
}

let capturing: CallRequest | null = null;
// Promise executors run synchronously: one shared function instead of a closure per request.
const captureSettlers = (resolve: (value: unknown) => void, reject: (err: Error) => void): void => {
  capturing!.resolve = resolve;
  capturing!.reject = reject;
};

/** The promise that `req` settles. */
export function promiseOf<T>(req: CallRequest): Promise<T> {
  capturing = req;
  const promise = new Promise<T>(captureSettlers as (resolve: (value: T) => void, reject: (err: Error) => void) => void);
  capturing = null;
  return promise;
}

export function settle(req: PendingRequest, err: Error | null, value?: unknown): void {
  if (req.settled) return;
  req.settled = true;
  req.cleanup?.();
  if (err) {
    req.reject(err);
    return;
  }
  if (!req.map || value === null) {
    req.resolve(value);
    return;
  }
  try {
    req.resolve(req.map(value));
  } catch (e) {
    req.reject(e as Error);
  }
}

/** Writes the request's frame into the connection's batch; returns its length, and drops it if over `limit`. */
export function writeRequest(conn: Connection, req: PendingRequest, limit: number): number {
  const w = conn.writer();
  const at = w.beginFrame();
  w.int(req.xid);
  w.int(req.opCode);
  req.request.write(w, req.body);
  const len = w.endFrame(at);
  if (len > limit) w.truncate(at);
  return len;
}

/** closeSession (-11): the header alone; settles `done` on the reply or any failure. */
export function closeSessionRequest(xid: number, done: () => void): PendingRequest {
  return {
    xid,
    opCode: OP_CODES.closeSession,
    opName: "close",
    path: undefined,
    request: empty as Codec<unknown>,
    body: {},
    response: empty as Codec<unknown>,
    resolve: () => done(),
    reject: () => done(),
    settled: false,
  };
}
