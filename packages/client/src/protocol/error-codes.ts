/**
 * KeeperException.Code as data: every code ZooKeeper 3.5–3.9 can return, with
 * a stable name, whether retrying the same request can succeed, and a message.
 */
export interface ErrorCodeInfo {
  readonly code: number;
  /** Stable identifier, e.g. "NO_NODE"; also the suffix of the error class name. */
  readonly id: string;
  readonly name: string;
  readonly retriable: boolean;
  readonly message: string;
}

const table = [
  [0, "OK", false, "ok"],
  [-1, "SYSTEM_ERROR", false, "system error"],
  [-2, "RUNTIME_INCONSISTENCY", false, "a runtime inconsistency was found (in multi: an earlier op failed)"],
  [-3, "DATA_INCONSISTENCY", false, "a data inconsistency was found"],
  [-4, "CONNECTION_LOSS", true, "connection to the server was lost; the operation may or may not have been applied"],
  [-5, "MARSHALLING_ERROR", false, "error while marshalling or unmarshalling data"],
  [-6, "UNIMPLEMENTED", false, "operation is not implemented (or not enabled) on this server"],
  [-7, "OPERATION_TIMEOUT", true, "operation timed out"],
  [-8, "BAD_ARGUMENTS", false, "invalid arguments"],
  [-12, "UNKNOWN_SESSION", false, "unknown session (internal)"],
  [-13, "NEW_CONFIG_NO_QUORUM", false, "no quorum of the new config is connected and up-to-date with the leader"],
  [-14, "RECONFIG_IN_PROGRESS", true, "another reconfiguration is in progress"],
  [-100, "API_ERROR", false, "API error"],
  [-101, "NO_NODE", false, "node does not exist"],
  [-102, "NO_AUTH", false, "not authorized"],
  [-103, "BAD_VERSION", false, "version does not match"],
  [-108, "NO_CHILDREN_FOR_EPHEMERALS", false, "ephemeral nodes may not have children"],
  [-110, "NODE_EXISTS", false, "node already exists"],
  [-111, "NOT_EMPTY", false, "node has children"],
  [-112, "SESSION_EXPIRED", false, "session expired"],
  [-113, "INVALID_CALLBACK", false, "invalid callback"],
  [-114, "INVALID_ACL", false, "invalid ACL"],
  [-115, "AUTH_FAILED", false, "authentication failed"],
  [-118, "SESSION_MOVED", true, "session moved to another server"],
  [-119, "NOT_READONLY", false, "state-changing request sent to a read-only server"],
  [-120, "EPHEMERAL_ON_LOCAL_SESSION", false, "attempt to create an ephemeral node on a local session"],
  [-121, "NO_WATCHER", false, "no such watcher"],
  [-122, "REQUEST_TIMEOUT", true, "request not completed within the server's max request time"],
  [-123, "RECONFIG_DISABLED", false, "dynamic reconfiguration is disabled on the server"],
  [-124, "SESSION_CLOSED_REQUIRE_SASL_AUTH", false, "session closed because the server requires SASL authentication"],
  [-125, "QUOTA_EXCEEDED", false, "quota exceeded"],
  [-127, "THROTTLED_OP", true, "server is overloaded and throttled the operation; retry with backoff"],
] as const;

/** "NO_NODE" → "NoNodeError", "MARSHALLING_ERROR" → "MarshallingError" (no doubled suffix). */
function className(id: string): string {
  const words = id.toLowerCase().split("_");
  if (words[words.length - 1] === "error") words.pop();
  return `${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}Error`;
}

export const ERROR_CODES: ReadonlyMap<number, ErrorCodeInfo> = new Map(
  table.map(([code, id, retriable, message]) => [code, { code, id, name: className(id), retriable, message }]),
);

export type ErrorCodeId = (typeof table)[number][1];

/** Numeric codes by stable id, e.g. ZK_CODES.NO_NODE === -101. */
export const ZK_CODES = Object.fromEntries(table.map(([code, id]) => [id, code])) as {
  readonly [K in ErrorCodeId]: Extract<(typeof table)[number], readonly [number, K, ...unknown[]]>[0];
};

export function errorCodeInfo(code: number): ErrorCodeInfo {
  return (
    ERROR_CODES.get(code) ?? {
      code,
      id: "UNKNOWN",
      name: "UnknownError",
      retriable: false,
      message: `unknown ZooKeeper error code ${code}`,
    }
  );
}
