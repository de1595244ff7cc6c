// What a test holds for one ZooKeeper server of an ensemble.
import type { Role } from "./config.ts";
import type { ServerMode } from "./four-letter-word.ts";

export type ServerState = "running" | "paused" | "stopped";

export interface ServerHandle {
  /** myid. */
  readonly id: number;
  readonly role: Role;
  readonly host: "127.0.0.1";
  readonly clientPort: number;
  /** "127.0.0.1:port". */
  readonly clientAddress: string;
  /** TLS client port (only with `tls: true`). */
  readonly securePort?: number;
  readonly secureAddress?: string;
  /** AdminServer: http://127.0.0.1:adminPort/commands/<name>. */
  readonly adminPort: number;
  readonly adminAddress: string;
  /** The server's folder (zoo.cfg, dynamic config, log). */
  readonly dir: string;
  /** Snapshots, transaction logs and myid. */
  readonly dataDir: string;
  readonly configFile: string;
  /** stdout and stderr of every run of this server, appended. */
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly state: ServerState;

  /** SIGKILL (after SIGCONT if paused); resolves when the process has exited. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGSTOP: the process hangs, its sockets stay open. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Starts the stopped server again with the same config and data; does not wait. */
  start(): Promise<void>;
  /** Kills the server if it runs, starts it and waits until it serves. */
  restart(timeoutMs?: number): Promise<void>;
  /** Deletes snapshots and transaction logs (the server must be stopped); keeps myid. */
  wipe(): Promise<void>;
  /** Sends a four-letter word to the client port. */
  fourLetterWord(cmd: string, timeoutMs?: number): Promise<string>;
  /** Runs an AdminServer command and returns its JSON answer. */
  admin(command: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Mode from `srvr`; "down" when stopped, refused or unanswered within timeoutMs (default 2000). */
  mode(timeoutMs?: number): Promise<ServerMode>;
  /** Waits until mode() is one of `modes`; throws WaitTimeoutError with the log tail. */
  waitMode(modes: ServerMode | readonly ServerMode[], timeoutMs?: number): Promise<ServerMode>;
  /** Waits until the server serves as leader, follower, observer or standalone (default 30 s). */
  waitServing(timeoutMs?: number): Promise<void>;
  /** The last lines of the log file. */
  logTail(lines?: number): string;
}
