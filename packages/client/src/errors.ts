/**
 * Every error the client raises. Server error codes map to one class,
 * ZooKeeperError, whose `name` comes from the code table (NoNodeError, ...);
 * client-side failures have their own classes. All carry context and a
 * `retriable` flag that the retry helper decides on.
 */
import { errorCodeInfo, ZK_CODES } from "./protocol/error-codes.ts";

export interface ErrorContext {
  /** The operation, e.g. "create", "getData". */
  op?: string;
  /** The znode path as the caller gave it (without chroot). */
  path?: string;
  /** host:port of the server the request went to. */
  server?: string;
  xid?: number;
  sessionId?: string;
  cause?: unknown;
}

/** Base of every error thrown by @zoosight/client. */
export class ZooKeeperClientError extends Error {
  override name = "ZooKeeperClientError";
  /** Stable id, e.g. "NO_NODE", "CONNECTION_LOSS", "PROTOCOL_ERROR". */
  readonly code: string;
  readonly retriable: boolean;
  readonly op: string | undefined;
  readonly path: string | undefined;
  readonly server: string | undefined;

  constructor(code: string, message: string, retriable: boolean, ctx: ErrorContext = {}) {
    super(withContext(message, ctx), ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.code = code;
    this.retriable = retriable;
    this.op = ctx.op;
    this.path = ctx.path;
    this.server = ctx.server;
  }
}

function withContext(message: string, ctx: ErrorContext): string {
  const parts: string[] = [];
  if (ctx.op) parts.push(ctx.op);
  if (ctx.path !== undefined) parts.push(ctx.path);
  if (ctx.server) parts.push(`server ${ctx.server}`);
  return parts.length ? `${message} (${parts.join(" ")})` : message;
}

/** An error code returned by a ZooKeeper server (KeeperException). */
export class ZooKeeperError extends ZooKeeperClientError {
  /** The numeric code from the wire, e.g. -101. */
  readonly zkCode: number;

  constructor(zkCode: number, ctx: ErrorContext = {}) {
    const info = errorCodeInfo(zkCode);
    super(info.id, info.message, info.retriable, ctx);
    this.zkCode = zkCode;
    this.name = info.name;
  }
}

/** The connection carrying the request was lost; the request may or may not have been applied. */
export class ConnectionLossError extends ZooKeeperError {
  constructor(ctx: ErrorContext = {}) {
    super(ZK_CODES.CONNECTION_LOSS, ctx);
  }
}

export class SessionExpiredError extends ZooKeeperError {
  constructor(ctx: ErrorContext = {}) {
    super(ZK_CODES.SESSION_EXPIRED, ctx);
  }
}

/** The per-operation timeout elapsed before a reply. */
export class OperationTimeoutError extends ZooKeeperError {
  constructor(
    readonly timeoutMs: number,
    ctx: ErrorContext = {},
  ) {
    super(ZK_CODES.OPERATION_TIMEOUT, ctx);
    this.message = `${this.message} after ${timeoutMs} ms`;
  }
}

/** A server sent bytes that are not valid ZooKeeper protocol; that connection is dropped. */
export class ProtocolError extends ZooKeeperClientError {
  override name = "ProtocolError";
  constructor(message: string, ctx: ErrorContext = {}) {
    super("PROTOCOL_ERROR", message, true, ctx);
  }
}

/** A bad argument, refused before anything was sent. */
export class InvalidArgumentError extends ZooKeeperClientError {
  override name = "InvalidArgumentError";
  constructor(message: string, ctx: ErrorContext = {}) {
    super("INVALID_ARGUMENT", message, false, ctx);
  }
}

/** A request larger than jute.maxbuffer, refused before anything was sent. */
export class RequestTooLargeError extends ZooKeeperClientError {
  override name = "RequestTooLargeError";
  constructor(
    readonly size: number,
    readonly limit: number,
    ctx: ErrorContext = {},
  ) {
    super("REQUEST_TOO_LARGE", `request of ${size} bytes exceeds jute.maxbuffer (${limit} bytes)`, false, ctx);
  }
}

/** The operation was aborted through its AbortSignal. */
export class AbortedError extends ZooKeeperClientError {
  override name = "AbortedError";
  constructor(ctx: ErrorContext = {}) {
    super("ABORTED", "operation aborted", false, ctx);
  }
}

/** The client was closed; no further operations are possible. */
export class ClientClosedError extends ZooKeeperClientError {
  override name = "ClientClosedError";
  constructor(ctx: ErrorContext = {}) {
    super("CLIENT_CLOSED", "client is closed", false, ctx);
  }
}

/** Thrown by multi() when an op failed: carries every per-op result as ZooKeeper reported it. */
export class MultiError extends ZooKeeperError {
  constructor(
    zkCode: number,
    readonly failedIndex: number,
    readonly results: readonly unknown[],
    ctx: ErrorContext = {},
  ) {
    super(zkCode, ctx);
    this.message = `multi op #${failedIndex} failed: ${this.message}`;
  }
}

/** Maps a non-zero reply code to the matching typed error. */
export function errorFromCode(zkCode: number, ctx: ErrorContext = {}): ZooKeeperError {
  if (zkCode === ZK_CODES.CONNECTION_LOSS) return new ConnectionLossError(ctx);
  if (zkCode === ZK_CODES.SESSION_EXPIRED) return new SessionExpiredError(ctx);
  return new ZooKeeperError(zkCode, ctx);
}

/** No server accepted a connection (or handshake) within the allowed time. */
export class ConnectTimeoutError extends ZooKeeperClientError {
  override name = "ConnectTimeoutError";
  constructor(message: string, ctx: ErrorContext = {}) {
    super("CONNECT_TIMEOUT", message, true, ctx);
  }
}
