// A running ensemble: its servers, waits over all of them, and cleanup.
import { rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { WaitTimeoutError, TestkitError } from "./errors.ts";
import { SERVING_MODES, type ServerMode } from "./four-letter-word.ts";
import { releasePort } from "./ports.ts";
import type { ServerHandle } from "./server-handle.ts";
import type { TlsMaterial } from "./tls-material.ts";
import { poll } from "./wait.ts";
import { untrackPath } from "./watchdog.ts";
import type { ZkServer } from "./zk-server.ts";

export interface Ensemble {
  readonly name: string;
  readonly servers: ServerHandle[];
  /** Every server's client address, comma-separated. */
  readonly connectString: string;
  /** Every server's TLS address (only with `tls: true`). */
  readonly secureConnectString?: string;
  /**
   * Client TLS material (only with `tls: true`): PEM strings and files for
   * node:tls, PKCS12 stores for Java. The servers require a client
   * certificate signed by `ca` unless `tlsClientAuth` says otherwise.
   */
  readonly tls?: TlsMaterial;
  /** The temp folder holding every server's folder (and tls/). */
  readonly dir: string;
  /** The server with this myid; throws if there is none. */
  server(id: number): ServerHandle;
  /** Waits until exactly one running server reports leader (or standalone). Default 30 s. */
  leader(timeoutMs?: number): Promise<ServerHandle>;
  /** Running servers whose mode is follower right now. */
  followers(): Promise<ServerHandle[]>;
  /** Mode of every server right now, by myid (paused servers get up to timeoutMs to answer). */
  modes(timeoutMs?: number): Promise<Map<number, ServerMode>>;
  /** Waits until every running server serves and there is one leader. Default 30 s. */
  waitServing(timeoutMs?: number): Promise<void>;
  /** Kills every server and removes the temp folder; idempotent. */
  close(): Promise<void>;
}

export interface EnsembleParts {
  name: string;
  servers: ZkServer[];
  dir: string;
  tls?: TlsMaterial;
  ports: number[];
  keepDir: boolean;
  unhookExit: () => void;
}

const LEADING: readonly ServerMode[] = ["leader", "standalone"];

export class RunningEnsemble implements Ensemble {
  readonly name: string;
  readonly servers: ServerHandle[];
  readonly connectString: string;
  readonly secureConnectString?: string;
  readonly tls?: TlsMaterial;
  readonly dir: string;
  readonly #servers: ZkServer[];
  readonly #parts: EnsembleParts;
  #closing: Promise<void> | undefined;

  constructor(parts: EnsembleParts) {
    this.#parts = parts;
    this.#servers = parts.servers;
    this.name = parts.name;
    this.servers = [...parts.servers];
    this.dir = parts.dir;
    this.connectString = parts.servers.map((s) => s.clientAddress).join(",");
    if (parts.tls) {
      this.tls = parts.tls;
      this.secureConnectString = parts.servers.map((s) => s.secureAddress).join(",");
    }
  }

  server(id: number): ServerHandle {
    const found = this.#servers.find((s) => s.id === id);
    if (!found) throw new TestkitError(`ensemble ${this.name}: no server with id ${id} (ids: ${this.#servers.map((s) => s.id).join(", ")})`);
    return found;
  }

  async modes(timeoutMs = 2000): Promise<Map<number, ServerMode>> {
    const modes = await Promise.all(this.#servers.map((s) => s.mode(timeoutMs)));
    return new Map(this.#servers.map((s, i) => [s.id, modes[i] as ServerMode]));
  }

  async leader(timeoutMs = 30000): Promise<ServerHandle> {
    let last = new Map<number, ServerMode>();
    const found = await poll(async () => {
      last = await this.#runningModes();
      const leaders = [...last].filter(([, m]) => LEADING.includes(m));
      return leaders.length === 1 ? this.server(leaders[0]![0]) : undefined;
    }, timeoutMs);
    if (!found) throw this.#timeout(`no single leader after ${timeoutMs} ms`, last);
    return found;
  }

  async followers(): Promise<ServerHandle[]> {
    const modes = await this.#runningModes();
    return this.#servers.filter((s) => modes.get(s.id) === "follower");
  }

  async waitServing(timeoutMs = 30000): Promise<void> {
    let last = new Map<number, ServerMode>();
    const ok = await poll(async () => {
      last = await this.#runningModes();
      const all = [...last.values()];
      const serving = all.length > 0 && all.every((m) => SERVING_MODES.includes(m));
      return serving && all.filter((m) => LEADING.includes(m)).length === 1 ? true : undefined;
    }, timeoutMs);
    if (!ok) throw this.#timeout(`not serving after ${timeoutMs} ms`, last);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await Promise.all(this.#servers.map((s) => s.kill()));
    for (const port of this.#parts.ports) releasePort(port);
    if (!this.#parts.keepDir) {
      await rm(this.dir, { recursive: true, force: true, maxRetries: 5 });
      untrackPath(this.dir);
    }
    this.#parts.unhookExit();
  }

  /**
   * Modes of the servers whose process runs (paused and stopped ones cannot
   * answer). 2 s per answer: on a loaded 2-core machine a live server can take
   * over a second, and calling it "down" would fail a test for nothing.
   */
  async #runningModes(): Promise<Map<number, ServerMode>> {
    const running = this.#servers.filter((s) => s.state === "running");
    const modes = await Promise.all(running.map((s) => s.mode(2000)));
    return new Map(running.map((s, i) => [s.id, modes[i] as ServerMode]));
  }

  #timeout(message: string, modes: Map<number, ServerMode>): WaitTimeoutError {
    const summary = this.#servers.map((s) => `${s.id}=${modes.get(s.id) ?? s.state}`).join(" ");
    // Name the first server that is not serving, with its log.
    const culprit = this.#servers.find((s) => s.state === "running" && !SERVING_MODES.includes(modes.get(s.id) ?? "down"));
    return new WaitTimeoutError(`${message} (modes: ${summary})`, culprit ? culprit.context() : { ensemble: this.name });
  }
}

/** Synchronous removal for the process 'exit' hook. */
export function removeDirSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
