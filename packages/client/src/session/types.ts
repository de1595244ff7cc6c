import type { TlsOptions } from "../network/socket.ts";

export type SessionState = "connecting" | "connected" | "readOnly" | "suspended" | "expired" | "authFailed" | "closed";

export interface StateChange {
  /** What happened: "connected" (a new session), "reconnected" (same session resumed), or the new state. */
  event: "connected" | "reconnected" | "readOnly" | "suspended" | "expired" | "authFailed" | "closed";
  state: SessionState;
  sessionId: bigint;
  server: string | undefined;
  reason?: string;
}

/** Monotonic milliseconds; injected so timers can be tested. */
export interface Clock {
  now(): number;
}

export interface SessionOptions {
  /** "host:port[,host:port...][/chroot]"; hosts are shuffled, then tried in turn. */
  connectString: string;
  /** Requested session timeout (ms, default 30000); the server clamps it to [2, 20] × tickTime. */
  sessionTimeoutMs?: number;
  /** Deadline for one TCP connect + handshake (default: session timeout / number of hosts, at least 1 s). */
  connectTimeoutMs?: number;
  /** Accept read-only servers (readonlymode.enabled) while no quorum is reachable; moves to a read-write one later. */
  canBeReadOnly?: boolean;
  /** Connect with TLS (node:tls options: ca, cert, key, ...) to the servers' secureClientPort. */
  tls?: TlsOptions;
  /** Largest request (bytes); bigger ones are refused before sending (default 0xfffff, ZooKeeper's jute.maxbuffer). */
  maxBufferBytes?: number;
  /** Largest reply frame accepted (default 16 MiB); a bigger length prefix is a protocol error. */
  maxPacketBytes?: number;
  /** Requests in flight at most (default 1000); later ones wait in the queue. */
  maxOutstanding?: number;
  /** Start a new session automatically after expiry (event "connected" again, watches and ephemerals gone). */
  autoRenewSession?: boolean;
  /** Resume an existing session (as Java's ZooKeeper(..., sessionId, sessionPasswd)). */
  sessionId?: bigint;
  sessionPassword?: Uint8Array;
  clock?: Clock;
  random?: () => number;
}

