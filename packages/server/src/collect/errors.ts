/**
 * Why one request to one server failed. Stable strings: they appear in status output, in the
 * `reason` label of zoosight_scrape_errors_total and in health events.
 */
export type FailureKind =
  | "refused" // nothing listens on the port (server down, wrong port)
  | "unresolvable" // the host name does not resolve
  | "unreachable" // no TCP connection within the connect deadline (host down, firewall)
  | "hung" // connected, but no complete answer within the total deadline
  | "closed" // connected, then closed or reset by the server before any answer (a dying process, maxClientCnxns)
  | "too-large" // the answer exceeded the maximum response size
  | "garbage" // the answer is not what this command returns
  | "not-whitelisted" // the four-letter word is not in 4lw.commands.whitelist
  | "admin-off" // nothing answers on the AdminServer port, or it does not know the command
  | "not-serving" // "This ZooKeeper instance is not currently serving requests"
  | "command-error"; // the server answered with an error of its own

export const FAILURE_KINDS: readonly FailureKind[] = [
  "refused",
  "unresolvable",
  "unreachable",
  "hung",
  "closed",
  "too-large",
  "garbage",
  "not-whitelisted",
  "admin-off",
  "not-serving",
  "command-error",
];

/** Where a failed request went: server host:port, the source (e.g. "4lw:mntr", "admin:monitor"). */
export interface FailureContext {
  server: string;
  source: string;
  ensemble?: string;
}

/** One failed request to one server, classified. */
export class CollectError extends Error {
  override name = "CollectError";
  readonly kind: FailureKind;
  readonly server: string;
  readonly source: string;
  readonly ensemble: string | undefined;

  constructor(kind: FailureKind, message: string, context: FailureContext, options?: { cause?: unknown }) {
    super(`${context.source} on ${context.server}: ${message}`, options);
    this.kind = kind;
    this.server = context.server;
    this.source = context.source;
    this.ensemble = context.ensemble;
    this.detail = message;
  }

  /** The message without the source and server prefix. */
  readonly detail: string;
}

/** A reply that does not parse; thrown by the pure parsers, turned into a "garbage" CollectError. */
export class ParseError extends Error {
  override name = "ParseError";
}

/** Maps a Node.js socket / DNS error code to a failure kind and a plain-word reason. */
export function classifySocketError(err: NodeJS.ErrnoException): { kind: FailureKind; reason: string } {
  switch (err.code) {
    case "ECONNREFUSED":
      return { kind: "refused", reason: "connection refused" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EAI_FAIL":
      return { kind: "unresolvable", reason: `host name does not resolve (${err.code})` };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EHOSTDOWN":
    case "ETIMEDOUT":
      return { kind: "unreachable", reason: `host unreachable (${err.code})` };
    case "ECONNRESET":
    case "EPIPE":
      return { kind: "closed", reason: `connection reset by the server (${err.code})` };
    default:
      return { kind: "unreachable", reason: `${err.code ?? "socket error"}: ${err.message}` };
  }
}
