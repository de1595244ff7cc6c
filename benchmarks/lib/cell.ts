// What the parent asks a child process to measure, and what the child answers.

/** "floor": benchmarks/lib/throughput-floor.ts, a raw-socket loop that is no client, as a floor for CPU per op. */
export type ClientName = "zoosight" | "node-zookeeper-client" | "java" | "floor";
export type OpName = "getData" | "setData";

export interface CellSpec {
  client: ClientName;
  op: OpName;
  /** Requests in flight: this many workers, each awaiting its own next request. */
  depth: number;
  connectString: string;
  /** The node read and written; it exists and holds `size` bytes. */
  path: string;
  size: number;
  warmupMs: number;
  durationMs: number;
}

export interface CellResult {
  client: ClientName;
  op: OpName;
  depth: number;
  /** Operations completed inside the measured window (after the warm-up). */
  ops: number;
  /** Length of the measured window. */
  elapsedMs: number;
  opsPerSec: number;
  /** Process user+sys CPU over the measured window, divided by ops. */
  cpuUsPerOp: number;
  /** Peak resident set size of the child process over its whole life (bytes). */
  peakRssBytes: number;
  /** "host:port" of the server the client connected to. */
  server: string;
  /** Failed operations in the measured window (any failure fails the cell). */
  errors: number;
  /** Socket reads and writes in the window, where the runner can count them (the floor does). */
  reads?: number;
  writes?: number;
  /** Voluntary context switches of the process in the window: how often it went to sleep and woke up. */
  wakeups?: number;
}

/** The child prints exactly one line starting with this marker, followed by the JSON CellResult. */
export const RESULT_MARKER = "CELL-RESULT ";
