export { ZooKeeperClient, createClient, connect } from "./client.ts";
export type { ClientOptions, OpOptions, WatchOptions, CreateOptions } from "./client.ts";
export type { MultiOp, MultiResult, MultiReadOp, MultiReadResult } from "./multi.ts";
export type { SessionState, StateChange, Clock } from "./session/session.ts";
export type { WatchEvent, WatchListener } from "./session/watch-registry.ts";
export type { Stat } from "./records/stat.ts";
export type { Data } from "./arguments.ts";
export {
  acl,
  digestAcl,
  digestId,
  permsFromString,
  permsToString,
  OPEN_ACL_UNSAFE,
  CREATOR_ALL_ACL,
  READ_ACL_UNSAFE,
  PERMS,
} from "./acl.ts";
export type { ACL, Id } from "./acl.ts";
export {
  ZooKeeperClientError,
  ZooKeeperError,
  ConnectionLossError,
  SessionExpiredError,
  OperationTimeoutError,
  ProtocolError,
  InvalidArgumentError,
  RequestTooLargeError,
  AbortedError,
  ClientClosedError,
  ConnectTimeoutError,
  MultiError,
  errorFromCode,
} from "./errors.ts";
export type { ErrorContext } from "./errors.ts";
export { ERROR_CODES, ZK_CODES, errorCodeInfo } from "./protocol/error-codes.ts";
export type { ErrorCodeInfo } from "./protocol/error-codes.ts";
export { CREATE_MODES, WATCHER_TYPES, ADD_WATCH_MODES, DEFAULT_MAX_BUFFER } from "./protocol/constants.ts";
export type { CreateMode, WatcherType, AddWatchMode, WatchEventType } from "./protocol/constants.ts";
export { retry, backoffDelay, RetriesExhaustedError } from "./retry.ts";
export type { RetryOptions } from "./retry.ts";
export { validatePath } from "./paths.ts";
export { parseConnectString } from "./session/hosts.ts";
