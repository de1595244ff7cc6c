// One ZooKeeper server process: start, signals, waits. Its output goes to
// logFile (appended across restarts, with a marker line per start).
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { adminCommand } from "./admin-command.ts";
import type { Role, ServerSpec } from "./config.ts";
import { ServerError, type ServerErrorContext, WaitTimeoutError } from "./errors.ts";
import { fourLetterWord, probeMode, SERVING_MODES, type ServerMode } from "./four-letter-word.ts";
import { JAVA_BIN } from "./java.ts";
import { logTail } from "./log-tail.ts";
import type { ServerHandle, ServerState } from "./server-handle.ts";
import { waitStoppedSync } from "./process-state.ts";
import { poll } from "./wait.ts";
import { trackPid, untrackPid } from "./watchdog.ts";

const MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
const STOP_GRACE_MS = 5000;

export interface ServerLaunch {
  ensemble: string;
  classPath: string;
  /** JVM flags including -D system properties. */
  jvmFlags: string[];
}

export class ZkServer implements ServerHandle {
  readonly id: number;
  readonly role: Role;
  readonly host = "127.0.0.1" as const;
  readonly clientPort: number;
  readonly clientAddress: string;
  readonly securePort?: number;
  readonly secureAddress?: string;
  readonly adminPort: number;
  readonly adminAddress: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly configFile: string;
  readonly logFile: string;
  readonly #launch: ServerLaunch;
  #child: ChildProcess | undefined;
  #state: ServerState = "stopped";
  #exited: Promise<void> = Promise.resolve();
  #lastExit = "never started";

  constructor(spec: ServerSpec, dir: string, launch: ServerLaunch) {
    this.id = spec.id;
    this.role = spec.role;
    this.clientPort = spec.ports.client;
    this.clientAddress = `127.0.0.1:${spec.ports.client}`;
    if (spec.ports.secure !== undefined) {
      this.securePort = spec.ports.secure;
      this.secureAddress = `127.0.0.1:${spec.ports.secure}`;
    }
    this.adminPort = spec.ports.admin;
    this.adminAddress = `127.0.0.1:${spec.ports.admin}`;
    this.dir = dir;
    this.dataDir = join(dir, "data");
    this.configFile = join(dir, "zoo.cfg");
    this.logFile = join(dir, "zookeeper.log");
    this.#launch = launch;
  }

  get pid(): number | undefined {
    return this.#state === "stopped" ? undefined : this.#child?.pid;
  }

  get state(): ServerState {
    return this.#state;
  }

  /** How the last run ended, e.g. "exit code 14" (for error messages). */
  get lastExit(): string {
    return this.#lastExit;
  }

  /** Creates the folders, myid and zoo.cfg; called once before the first start. */
  async prepare(zooCfg: string): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    await writeFile(join(this.dataDir, "myid"), `${this.id}\n`);
    await writeFile(this.configFile, zooCfg);
  }

  async start(): Promise<void> {
    if (this.#state !== "stopped") throw new ServerError(`start: server is already ${this.#state}`, this.context(false));
    const fd = openSync(this.logFile, "a");
    let child: ChildProcess;
    try {
      writeSync(fd, `--- zoosight-testkit: starting server ${this.id} at ${new Date().toISOString()} ---\n`);
      const args = [...this.#launch.jvmFlags, "-cp", this.#launch.classPath, MAIN_CLASS, this.configFile];
      child = spawn(JAVA_BIN, args, { cwd: this.dir, stdio: ["ignore", fd, fd] });
    } finally {
      closeSync(fd); // the child has its own copy
    }
    // Unref'd so a test that forgets close() still ends; the exit hook kills it.
    child.unref();
    this.#child = child;
    this.#state = "running";
    if (child.pid !== undefined) trackPid(child.pid);
    this.#exited = new Promise((resolve) => {
      const done = (how: string) => {
        if (child.pid !== undefined) untrackPid(child.pid);
        if (this.#child === child) {
          this.#state = "stopped";
          this.#lastExit = how;
        }
        resolve();
      };
      child.once("exit", (code, signal) => done(signal ? `killed by ${signal}` : `exit code ${code}`));
      child.once("error", (err) => done(`could not start ${JAVA_BIN}: ${err.message}`));
    });
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || this.#state === "stopped") return;
    child.ref(); // keep the event loop alive until the exit is seen
    if (this.#state === "paused") this.#signal("SIGCONT");
    this.#signal("SIGKILL");
    await this.#exited;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || this.#state === "stopped") return;
    child.ref();
    if (this.#state === "paused") this.resume();
    this.#signal("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_GRACE_MS);
    });
    const exited = await Promise.race([this.#exited.then(() => true), grace]);
    clearTimeout(timer); // a pending 5 s timer would hold the test process open
    if (!exited) await this.kill();
  }

  pause(): void {
    if (this.#state !== "running") throw new ServerError(`pause: server is ${this.#state}`, this.context(false));
    this.#signal("SIGSTOP");
    if (this.#child?.pid !== undefined) waitStoppedSync(this.#child.pid);
    this.#state = "paused";
  }

  resume(): void {
    if (this.#state === "running") return;
    if (this.#state !== "paused") throw new ServerError(`resume: server is ${this.#state}`, this.context(false));
    this.#signal("SIGCONT");
    this.#state = "running";
  }

  async restart(timeoutMs = 30000): Promise<void> {
    await this.kill();
    await this.start();
    await this.waitServing(timeoutMs);
  }

  async wipe(): Promise<void> {
    if (this.#state !== "stopped") throw new ServerError(`wipe: server is ${this.#state}, stop it first`, this.context(false));
    const entries = await readdir(this.dataDir).catch(() => [] as string[]);
    await Promise.all(entries.filter((e) => e !== "myid").map((e) => rm(join(this.dataDir, e), { recursive: true, force: true })));
  }

  fourLetterWord(cmd: string, timeoutMs?: number): Promise<string> {
    return fourLetterWord(this.host, this.clientPort, cmd, timeoutMs);
  }

  admin(command: string, timeoutMs?: number): Promise<Record<string, unknown>> {
    return adminCommand(this.host, this.adminPort, command, timeoutMs);
  }

  async mode(timeoutMs = 2000): Promise<ServerMode> {
    if (this.#state === "stopped") return "down";
    return probeMode(this.host, this.clientPort, timeoutMs);
  }

  async waitMode(modes: ServerMode | readonly ServerMode[], timeoutMs = 30000): Promise<ServerMode> {
    const wanted: readonly ServerMode[] = typeof modes === "string" ? [modes] : modes;
    let last: ServerMode = "down";
    const found = await poll(async () => {
      if (this.#state === "stopped") {
        throw new ServerError(`${this.#lastExit} while waiting for mode ${wanted.join("|")}`, this.context());
      }
      last = await this.mode(Math.min(2000, timeoutMs));
      return wanted.includes(last) ? last : undefined;
    }, timeoutMs);
    if (found === undefined) {
      throw new WaitTimeoutError(`mode is "${last}", not ${wanted.join("|")}, after ${timeoutMs} ms`, this.context());
    }
    return found;
  }

  async waitServing(timeoutMs = 30000): Promise<void> {
    await this.waitMode(SERVING_MODES, timeoutMs);
  }

  logTail(lines = 30): string {
    return logTail(this.logFile, lines);
  }

  /** Where this server is, for error messages; with the log tail unless `withLog` is false. */
  context(withLog = true): ServerErrorContext {
    const ctx: ServerErrorContext = {
      ensemble: this.#launch.ensemble,
      serverId: this.id,
      port: this.clientPort,
      logFile: this.logFile,
    };
    if (withLog) ctx.logTail = this.logTail();
    return ctx;
  }

  #signal(signal: NodeJS.Signals): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      // Exited in between: the exit handler updates the state.
    }
  }
}
