/** Deadlines and size limit applied to every single request to a server. */
export interface RequestLimits {
  /** From start (DNS included) to an established TCP connection. */
  connectTimeoutMs: number;
  /** From start to the complete answer. */
  totalTimeoutMs: number;
  /** Largest answer accepted, in bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  connectTimeoutMs: 1000,
  totalTimeoutMs: 2000,
  maxBytes: 4 * 1024 * 1024,
};
