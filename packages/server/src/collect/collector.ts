// Scrapes every server of every ensemble concurrently, once per cycle. A server's scrape is
// bounded by its request deadlines, so a dead or hung server never delays the others' figures
// beyond one deadline. Members that the voting view names with a client address but the
// configuration does not are discovered and scraped from the next cycle on.
import { setMaxListeners } from "node:events";
import type { ProbeOptions, ProbeResult } from "./client-probe.ts";
import { ClientProbe } from "./client-probe.ts";
import type { Clock } from "./clock.ts";
import { type Sentinel, type SentinelOptions, SessionSentinel } from "./ensemble-sentinel.ts";
import { cycleOffsets } from "./cycle-batches.ts";
import { NudgeableSleep } from "./nudgeable-sleep.ts";
import type { ServerTarget } from "./endpoint.ts";
import { parseHostPort } from "./endpoint.ts";
import type { EnsembleConfig } from "./ensemble-config.ts";
import type { FailureKind } from "./errors.ts";
import type { RequestLimits } from "./limits.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { ServerScraper } from "./server-scraper.ts";
import type { ServerSnapshot } from "./snapshot.ts";
import type { Transport } from "./transport.ts";
import { createNetTransport } from "./transport.ts";

export interface CollectorOptions {
  ensembles: EnsembleConfig[];
  clock: Clock;
  limits?: RequestLimits;
  transport?: Transport;
  /** Every how many cycles the slow-changing sources (membership, config, env) are read. */
  detailEvery?: number;
  /** Scrape members found in the voting view that the configuration does not list. */
  discover?: boolean;
  /** Called as soon as each server's scrape completes (the TSDB append seam sits here). */
  onSnapshot?: (snapshot: ServerSnapshot) => void;
  /** Client probe per ensemble (a session reading and writing a canary znode); off by default. */
  probe?: ProbeOptions | false;
  /**
   * While `run` runs: an idle client session per ensemble whose disconnections (a leader lost, an
   * election, a quorum lost) trigger a collection of that ensemble at once, then at a fast pace
   * until it settles (ensemble-sentinel.ts). Off by default; `zoosight serve` turns it on.
   */
  sentinel?: SentinelOptions | false;
  /** Servers whose cycles start together in `run` (cycle-batches.ts); default 100. */
  batchServers?: number;
}

/** One cycle of one ensemble. */
export interface EnsembleCycle {
  ensemble: string;
  cycle: number;
  startedMs: number;
  finishedMs: number;
  /** Latest snapshot of every server of the ensemble, in target order. */
  snapshots: ServerSnapshot[];
  probe?: ProbeResult;
}

export interface CycleResult {
  cycle: number;
  startedMs: number;
  finishedMs: number;
  /** Latest snapshot of every server, per ensemble, in configuration order. */
  ensembles: Map<string, ServerSnapshot[]>;
  /** Client probe results, per ensemble (when probing). */
  probes: Map<string, ProbeResult>;
}

/** Self-metrics of the collector. */
export interface CollectorStats {
  /** Ensemble cycles completed. */
  cycles: number;
  lastCycleDurationMs: number;
  /** Key: ensemble \u0000 server \u0000 source \u0000 kind → count. */
  errors: Map<string, number>;
  /** Key: ensemble \u0000 server \u0000 source → count. */
  requests: Map<string, number>;
  /** Key: ensemble → early collections the sentinel triggered. */
  sentinelSignals: Map<string, number>;
}

export function errorKey(ensemble: string, server: string, source: string, kind: FailureKind): string {
  return [ensemble, server, source, kind].join("\u0000");
}

const DETAIL_FIELDS = ["config", "members", "environment"] as const;

export class Collector {
  readonly #options: Required<Omit<CollectorOptions, "onSnapshot" | "probe" | "sentinel" | "batchServers">> &
    Pick<CollectorOptions, "onSnapshot" | "sentinel" | "batchServers">;
  readonly #probes = new Map<string, ClientProbe>();
  readonly #sentinels: Sentinel[] = [];
  readonly #wakers = new Map<string, NudgeableSleep>();
  readonly #scrapers = new Map<string, ServerScraper[]>();
  readonly #latest = new Map<string, Map<string, ServerSnapshot>>();
  readonly #discovered = new Set<string>();
  readonly #cycles = new Map<string, number>();
  readonly #requestKeyCache = new Map<string, Map<string, Map<string, string>>>();
  readonly stats: CollectorStats = { cycles: 0, lastCycleDurationMs: 0, errors: new Map(), requests: new Map(), sentinelSignals: new Map() };

  constructor(options: CollectorOptions) {
    this.#options = {
      limits: DEFAULT_LIMITS,
      detailEvery: 12,
      discover: true,
      ...options,
      // Its own, so that close() ends this collector's keep-alive connections and no others'.
      transport: options.transport ?? createNetTransport(),
    };
    for (const e of options.ensembles) {
      this.#scrapers.set(e.name, e.servers.map((t) => this.#scraper(e.name, t)));
      this.#latest.set(e.name, new Map());
      if (options.probe) {
        const connectString = e.servers.map((t) => t.address).join(",");
        this.#probes.set(e.name, new ClientProbe(connectString, options.clock, options.probe));
      }
    }
  }

  #scraper(ensemble: string, target: ServerTarget): ServerScraper {
    const { clock, limits, transport } = this.#options;
    return new ServerScraper(ensemble, target, { clock, limits, transport });
  }

  get ensembleNames(): string[] {
    return [...this.#scrapers.keys()];
  }

  /** Servers scraped for an ensemble (configured, then discovered). */
  targets(ensemble: string): ServerTarget[] {
    return (this.#scrapers.get(ensemble) ?? []).map((s) => s.target);
  }

  /** Whether a server was found through the voting view rather than configured. */
  isDiscovered(ensemble: string, server: string): boolean {
    return this.#discovered.has(`${ensemble}\u0000${server}`);
  }

  /** Latest snapshots of an ensemble, in target order. */
  latest(ensemble: string): ServerSnapshot[] {
    const m = this.#latest.get(ensemble);
    if (!m) return [];
    return this.targets(ensemble)
      .map((t) => m.get(t.address))
      .filter((s): s is ServerSnapshot => s !== undefined);
  }

  /** Scrapes every server of one ensemble concurrently (one cycle of that ensemble). */
  collectEnsemble(name: string): Promise<EnsembleCycle> {
    const scrapers = this.#scrapers.get(name);
    if (!scrapers) throw new Error(`no ensemble named '${name}'`);
    return this.#round(name, [...scrapers], true);
  }

  /** One cycle of an ensemble over some of its servers; the snapshots reported are all servers' latest. */
  async #round(name: string, scrapers: ServerScraper[], withProbe: boolean, onServerDone?: (s: ServerScraper) => void): Promise<EnsembleCycle> {
    const { clock, detailEvery } = this.#options;
    const cycle = this.#cycles.get(name) ?? 0;
    this.#cycles.set(name, cycle + 1);
    const detail = cycle % detailEvery === 0;
    const startedMs = clock.now();
    const probe = withProbe ? this.#probes.get(name)?.probe() : undefined;
    // Each snapshot is recorded as soon as its server answered, not when the whole round is done.
    await Promise.all(
      scrapers.map((s) =>
        s.scrape(detail).then((snap) => {
          this.#record(name, snap);
          onServerDone?.(s);
        }),
      ),
    );
    const probeResult = await probe;
    if (this.#options.discover) this.#discover(name);
    const finishedMs = clock.now();
    this.stats.cycles++;
    this.stats.lastCycleDurationMs = finishedMs - startedMs;
    const result: EnsembleCycle = { ensemble: name, cycle, startedMs, finishedMs, snapshots: this.latest(name) };
    if (probeResult) result.probe = probeResult;
    return result;
  }

  /** Runs one collection cycle over all servers of all ensembles at once. */
  async collectOnce(): Promise<CycleResult> {
    const startedMs = this.#options.clock.now();
    const results = await Promise.all(this.ensembleNames.map((n) => this.collectEnsemble(n)));
    const ensembles = new Map<string, ServerSnapshot[]>();
    const probes = new Map<string, ProbeResult>();
    for (const r of results) {
      ensembles.set(r.ensemble, r.snapshots);
      if (r.probe) probes.set(r.ensemble, r.probe);
    }
    return { cycle: Math.max(0, ...results.map((r) => r.cycle)), startedMs, finishedMs: this.#options.clock.now(), ensembles, probes };
  }

  /**
   * Collects every ensemble every `intervalMs` until `signal` aborts. The ensembles' cycles start
   * in batches of about `batchServers` servers spread evenly over the interval (cycle-batches.ts),
   * so a thousand servers do not all connect in the same millisecond yet share wake-ups; each
   * ensemble keeps a fixed rate.
   *
   * At each tick an ensemble scrapes every server that is not still busy with an earlier cycle
   * and reports the cycle when those scrapes are done. A server whose scrape overruns the
   * interval (hung past its deadlines on a starved machine, or an AdminServer failure followed by
   * the four-letter words) is left out of the ticks that pass meanwhile and starts again at once
   * when it is done (a cycle of its own): it neither delays the other servers' reads nor piles up
   * scrapes.
   */
  async run(intervalMs: number, signal: AbortSignal, onEnsemble: (r: EnsembleCycle) => void): Promise<void> {
    const names = this.ensembleNames;
    // One sleeping loop per ensemble listens on the signal: not a leak.
    setMaxListeners(names.length + 10, signal);
    this.#startSentinels(signal);
    const sizes = names.map((n) => this.#scrapers.get(n)!.length);
    const offsets = cycleOffsets(sizes, intervalMs, this.#options.batchServers);
    await Promise.all(names.map((name, i) => this.#loop(name, offsets[i]!, intervalMs, signal, onEnsemble)));
  }

  #startSentinels(signal: AbortSignal): void {
    const opts = this.#options.sentinel;
    if (!opts || signal.aborted) return;
    for (const e of this.#options.ensembles) {
      const waker = new NudgeableSleep();
      this.#wakers.set(e.name, waker);
      const onSignal = () => {
        this.stats.sentinelSignals.set(e.name, (this.stats.sentinelSignals.get(e.name) ?? 0) + 1);
        waker.nudge();
      };
      const connectString = e.servers.map((t) => t.address).join(",");
      const sentinel = opts.create ? opts.create(connectString, onSignal) : new SessionSentinel(connectString, onSignal, opts.sessionTimeoutMs);
      this.#sentinels.push(sentinel);
      sentinel.start();
    }
  }

  async #loop(name: string, offsetMs: number, intervalMs: number, signal: AbortSignal, onEnsemble: (r: EnsembleCycle) => void) {
    const { clock } = this.#options;
    // Without a sentinel nothing nudges: a plain sleep (no AbortController per tick).
    const waker = this.#wakers.get(name);
    const sentinel = this.#options.sentinel || {};
    const fastIntervalMs = Math.min(intervalMs, sentinel.fastIntervalMs ?? 500);
    const settleMs = sentinel.settleMs ?? 5000;
    let fastUntil = -Infinity;
    const busy = new Set<ServerScraper>();
    const missed = new Set<ServerScraper>();
    const inFlight = new Set<Promise<void>>();
    const serverDone = (s: ServerScraper) => {
      busy.delete(s);
      // A tick passed while this server was busy: its next scrape starts now.
      if (missed.delete(s) && !signal.aborted) start([s], false);
    };
    const start = (scrapers: ServerScraper[], withProbe: boolean) => {
      for (const s of scrapers) busy.add(s);
      const p: Promise<void> = this.#round(name, scrapers, withProbe, serverDone).then((result) => {
        inFlight.delete(p);
        if (!signal.aborted) onEnsemble(result);
      });
      inFlight.add(p);
    };
    let next = clock.now() + offsetMs;
    if (offsetMs > 0) await clock.sleep(offsetMs, signal);
    while (!signal.aborted) {
      const idle: ServerScraper[] = [];
      for (const s of this.#scrapers.get(name)!) {
        if (busy.has(s)) missed.add(s);
        else idle.push(s);
      }
      if (idle.length > 0) start(idle, true);
      let now = clock.now();
      next += now < fastUntil ? fastIntervalMs : intervalMs;
      if (next < now) next = now; // the event loop itself fell behind: tick at once, do not pile up
      let nudged = false;
      if (waker) nudged = await waker.sleep(clock, next - now, signal);
      else await clock.sleep(next - now, signal);
      if (nudged) {
        // The sentinel saw the ensemble move: collect now, then fast until it has settled.
        now = clock.now();
        next = now;
        fastUntil = now + settleMs;
      }
    }
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  /** Closes the client probes' and sentinels' sessions and the transport's connections. */
  async close(): Promise<void> {
    this.#options.transport.close?.();
    const sentinels = this.#sentinels.splice(0);
    await Promise.all([...this.#probes.values()].map((p) => p.close()).concat(sentinels.map((s) => s.close())));
  }

  #record(ensemble: string, snap: ServerSnapshot): void {
    const byServer = this.#latest.get(ensemble)!;
    const prev = byServer.get(snap.server);
    if (prev) {
      for (const f of DETAIL_FIELDS) {
        if (snap[f] === undefined && prev[f] !== undefined) (snap as unknown as Record<string, unknown>)[f] = prev[f];
      }
    }
    byServer.set(snap.server, snap);
    const keys = this.#requestKeys(ensemble, snap.server);
    for (const o of snap.outcomes) {
      let rk = keys.get(o.source);
      if (rk === undefined) {
        rk = [ensemble, snap.server, o.source].join("\u0000");
        keys.set(o.source, rk);
      }
      this.stats.requests.set(rk, (this.stats.requests.get(rk) ?? 0) + 1);
      if (o.failure) {
        const k = errorKey(ensemble, snap.server, o.source, o.failure.kind);
        this.stats.errors.set(k, (this.stats.errors.get(k) ?? 0) + 1);
      }
    }
    this.#options.onSnapshot?.(snap);
  }

  /** Per server: source → "ensemble \u0000 server \u0000 source", built once. */
  #requestKeys(ensemble: string, server: string): Map<string, string> {
    let byServer = this.#requestKeyCache.get(ensemble);
    if (!byServer) {
      byServer = new Map();
      this.#requestKeyCache.set(ensemble, byServer);
    }
    let keys = byServer.get(server);
    if (!keys) {
      keys = new Map();
      byServer.set(server, keys);
    }
    return keys;
  }

  #discover(ensemble: string): void {
    const scrapers = this.#scrapers.get(ensemble)!;
    const known = new Set(scrapers.map((s) => s.target.address));
    for (const snap of this.latest(ensemble)) {
      for (const m of snap.members ?? []) {
        if (!m.clientAddress) continue;
        let hp: { host: string; port: number };
        try {
          hp = parseHostPort(m.clientAddress);
        } catch {
          continue;
        }
        if (hp.host === "0.0.0.0" || hp.host === "::") hp = { host: m.host, port: hp.port };
        const address = hp.host.includes(":") ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
        if (known.has(address)) continue;
        known.add(address);
        this.#discovered.add(`${ensemble}\u0000${address}`);
        scrapers.push(this.#scraper(ensemble, { address, client: hp }));
      }
    }
  }
}
