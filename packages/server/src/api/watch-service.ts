// Wires the pipeline: collector → health tracker → (appenders, exporter, API). One instance per
// `zoosight serve` / `zoosight status`.
import type { Appender } from "../collect/appender.ts";
import type { CollectorOptions, CycleResult, EnsembleCycle } from "../collect/collector.ts";
import type { ServerSnapshot } from "../collect/snapshot.ts";
import type { ProbeResult } from "../collect/client-probe.ts";
import { Collector } from "../collect/collector.ts";
import type { EnsembleHealth, HealthOptions } from "../health/ensemble-health.ts";
import type { HealthEvent } from "../health/events.ts";
import { HealthTracker } from "../health/tracker.ts";
import type { ExportInput } from "../metrics/exporter.ts";
import { ensembleSamples, renderMetrics, renderMetricsAsync, serverSamples } from "../metrics/exporter.ts";

export interface WatchServiceOptions extends CollectorOptions {
  health?: Partial<HealthOptions>;
  appenders?: Appender[];
}

export class WatchService {
  readonly collector: Collector;
  readonly tracker: HealthTracker;
  readonly #appenders: Appender[];
  readonly #evaluated = new Set<string>();
  readonly #appended = new WeakSet<ServerSnapshot>();

  constructor(options: WatchServiceOptions) {
    this.collector = new Collector(options);
    this.tracker = new HealthTracker(options.health ?? {});
    this.#appenders = options.appenders ?? [];
  }

  /** True once every ensemble has been collected and evaluated at least once. */
  get ready(): boolean {
    return this.collector.ensembleNames.every((n) => this.#evaluated.has(n));
  }

  /** Runs one cycle and evaluates health; returns the new evaluations and their events. */
  async cycle(): Promise<{ health: EnsembleHealth[]; events: HealthEvent[] }> {
    return this.#evaluate(await this.collector.collectOnce());
  }

  /**
   * Collects every `intervalMs` until `signal` aborts (ensembles spread over the interval);
   * `onCycle` sees each ensemble cycle after its evaluation.
   */
  run(intervalMs: number, signal: AbortSignal, onCycle?: (r: EnsembleCycle) => void): Promise<void> {
    return this.collector.run(intervalMs, signal, (r: EnsembleCycle) => {
      this.#evaluateOne(r.ensemble, r.snapshots, r.finishedMs, r.probe);
      onCycle?.(r);
    });
  }

  #evaluate(r: CycleResult): { health: EnsembleHealth[]; events: HealthEvent[] } {
    const health: EnsembleHealth[] = [];
    const events: HealthEvent[] = [];
    for (const [name, snaps] of r.ensembles) {
      const u = this.#evaluateOne(name, snaps, r.finishedMs, r.probes.get(name));
      health.push(u.health);
      events.push(...u.events);
    }
    return { health, events };
  }

  #evaluateOne(name: string, snaps: ServerSnapshot[], atMs: number, probe?: ProbeResult): { health: EnsembleHealth; events: HealthEvent[] } {
    const u = this.tracker.update(name, snaps, atMs, probe);
    this.#evaluated.add(name);
    if (this.#appenders.length > 0) {
      const byServer = new Map(u.health.servers.map((s) => [s.server, s]));
      for (const snap of snaps) {
        // A round reports every server's latest snapshot; append each snapshot once only.
        if (this.#appended.has(snap)) continue;
        this.#appended.add(snap);
        // Stamped with the time the read began, as Prometheus stamps a scrape: successive reads
        // of a server start exactly one interval apart, so its samples are evenly spaced.
        const batch = { ensemble: name, server: snap.server, timestampMs: snap.startedMs, samples: serverSamples(name, snap, byServer.get(snap.server)) };
        for (const a of this.#appenders) a.append(batch);
      }
      const batch = { ensemble: name, server: "", timestampMs: atMs, samples: ensembleSamples(u.health, this.tracker.counters(name)) };
      for (const a of this.#appenders) a.append(batch);
    }
    return u;
  }

  exportInput(): ExportInput {
    return {
      ensembles: this.collector.ensembleNames.flatMap((name) => {
        const health = this.tracker.latest(name);
        return health ? [{ health, counters: this.tracker.counters(name), snapshots: this.collector.latest(name) }] : [];
      }),
      collector: this.collector.stats,
    };
  }

  /** Closes what the service holds open (client probe sessions). */
  close(): Promise<void> {
    return this.collector.close();
  }

  metrics(): string {
    return renderMetrics(this.exportInput());
  }

  /** /metrics without blocking the event loop for long (yields between ensembles). */
  metricsAsync(): Promise<string> {
    return renderMetricsAsync(this.exportInput());
  }
}
