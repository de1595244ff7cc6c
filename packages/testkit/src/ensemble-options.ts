// Options of startEnsemble and their defaults.
import { TestkitError } from "./errors.ts";

export interface EnsembleOptions {
  /** Voting members, default 3. 1 runs a standalone server unless observers are added or `standalone: false`. */
  servers?: 1 | 3 | 5;
  /** Extra observer servers, default 0. Their ids follow the voters'. */
  observers?: number;
  /** With a single voter: run standalone (mode "standalone", no reconfig). Default: true when servers is 1 and there are no observers. */
  standalone?: boolean;
  /** Default 500 ms, so the session timeout range is 1000..10000 ms. */
  tickTime?: number;
  minSessionTimeout?: number;
  maxSessionTimeout?: number;
  /** Super user for digest auth (-Dzookeeper.DigestAuthenticationProvider.superDigest). */
  superDigest?: { user: string; password: string };
  /** A TLS client port per server; certificates are generated into the ensemble's folder. */
  tls?: boolean;
  /** Whether the TLS port requires a client certificate: "need" (default), "want" or "none". */
  tlsClientAuth?: "need" | "want" | "none";
  /** TTL nodes (-Dzookeeper.extendedTypesEnabled=true) and a 100 ms container/TTL check interval. */
  extendedTypes?: boolean;
  /**
   * -Dreadonlymode.enabled=true: a server cut off from the quorum serves reads.
   * Also sets localSessionsEnabled and localSessionsUpgradingEnabled (override
   * with extraConfig): ZooKeeper 3.8 refuses new sessions on a read-only
   * server otherwise. Side effect: a session stays local to its server until
   * it creates an ephemeral node, and a local session cannot move to another server.
   */
  readOnlyMode?: boolean;
  /** 4lw.commands.whitelist, default "*". */
  fourLetterWords?: string;
  /** AdminServer on 127.0.0.1 (admin.serverPort per server), default true. */
  adminServer?: boolean;
  /** Appended to every server's zoo.cfg (wins over the kit's own keys). */
  extraConfig?: Record<string, string>;
  /** Extra -D flags for every server. */
  systemProperties?: Record<string, string>;
  /** Per start attempt, default 60000. */
  startTimeoutMs?: number;
  /** Used in the temp folder name and in errors; default "zk". */
  name?: string;
  /** How many times to start with fresh ports when a port turns out to be taken, default 3. */
  startAttempts?: number;
  /** Where ports come from (tests of the retry use it); default freePort. */
  portSource?: () => Promise<number>;
}

export type ResolvedOptions = Required<Omit<EnsembleOptions, "minSessionTimeout" | "maxSessionTimeout" | "superDigest">> &
  Pick<EnsembleOptions, "minSessionTimeout" | "maxSessionTimeout" | "superDigest">;

export function resolveOptions(options: EnsembleOptions, defaultPortSource: () => Promise<number>): ResolvedOptions {
  const servers = options.servers ?? 3;
  const observers = options.observers ?? 0;
  const name = (options.name ?? "zk").replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 60) || "zk";
  const bad = (what: string) => new TestkitError(`startEnsemble(${name}): ${what}`);
  if (![1, 3, 5].includes(servers)) throw bad(`servers must be 1, 3 or 5, got ${servers}`);
  if (!Number.isInteger(observers) || observers < 0) throw bad(`observers must be a non-negative integer, got ${observers}`);
  const standalone = options.standalone ?? (servers === 1 && observers === 0);
  if (standalone && (servers !== 1 || observers !== 0)) throw bad("standalone needs servers: 1 and no observers");
  const tickTime = options.tickTime ?? 500;
  if (!Number.isInteger(tickTime) || tickTime <= 0) throw bad(`tickTime must be a positive integer, got ${tickTime}`);
  return {
    servers,
    observers,
    standalone,
    tickTime,
    minSessionTimeout: options.minSessionTimeout,
    maxSessionTimeout: options.maxSessionTimeout,
    superDigest: options.superDigest,
    tls: options.tls ?? false,
    tlsClientAuth: options.tlsClientAuth ?? "need",
    extendedTypes: options.extendedTypes ?? false,
    readOnlyMode: options.readOnlyMode ?? false,
    fourLetterWords: options.fourLetterWords ?? "*",
    adminServer: options.adminServer ?? true,
    extraConfig: options.extraConfig ?? {},
    systemProperties: options.systemProperties ?? {},
    startTimeoutMs: options.startTimeoutMs ?? 60000,
    name,
    startAttempts: Math.max(1, options.startAttempts ?? 3),
    portSource: options.portSource ?? defaultPortSource,
  };
}
