/** Options of the client and of its calls. */
import type { CreateMode } from "./protocol/constants.ts";
import type { ACL } from "./records/acl.ts";
import type { SessionOptions } from "./session/types.ts";
import type { WatchListener } from "./session/watch-registry.ts";

export interface ClientOptions extends Omit<SessionOptions, "connectString"> {
  /** Default per-operation timeout (ms); none by default (a lost connection fails requests anyway). */
  requestTimeoutMs?: number;
}

export interface OpOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WatchOptions extends OpOptions {
  watch?: WatchListener;
}

export interface CreateOptions extends OpOptions {
  mode?: CreateMode;
  acl?: readonly ACL[];
  /** Time to live (ms) for the TTL modes. */
  ttl?: number | bigint;
}

