// Everything zoosight knows, as Prometheus families: ZooKeeper's own metrics per server, the
// derived health figures, and the collector's self-metrics.
import type { Sample } from "../collect/appender.ts";
import type { CollectorStats } from "../collect/collector.ts";
import type { ServerSnapshot } from "../collect/snapshot.ts";
import type { EnsembleHealth } from "../health/ensemble-health.ts";
import type { ServerHealth } from "../health/server-health.ts";
import type { EnsembleCounters } from "../health/tracker.ts";
import type { Family } from "./exposition.ts";
import { FamilySet } from "./exposition.ts";
import { addCollectorFamilies, addEnsembleFamilies, addServerHealthFamilies } from "./health-samples.ts";
import { addMonitorFamilies } from "./zookeeper-samples.ts";

export interface EnsembleExport {
  health: EnsembleHealth;
  counters: EnsembleCounters;
  snapshots: ServerSnapshot[];
}

export interface ExportInput {
  ensembles: EnsembleExport[];
  collector?: CollectorStats;
}

function addServer(set: FamilySet, ensemble: string, snap: ServerSnapshot, h: ServerHealth | undefined): void {
  const base = { ensemble, server: snap.server };
  if (h) addServerHealthFamilies(set, snap, h, base);
  if (snap.monitor) addMonitorFamilies(set, snap.monitor, base);
}

export function buildFamilies(input: ExportInput): Family[] {
  const set = new FamilySet();
  for (const e of input.ensembles) addEnsemble(set, e);
  if (input.collector) addCollectorFamilies(set, input.collector);
  return set.families();
}

export function renderMetrics(input: ExportInput): string {
  const set = new FamilySet({ text: true });
  for (const e of input.ensembles) addEnsemble(set, e);
  if (input.collector) addCollectorFamilies(set, input.collector);
  return set.render();
}

/**
 * Same text as renderMetrics, but yields to the event loop after every `batch` ensembles, so
 * that a large render never holds up collection (deadlines and freshness stay honest).
 */
export async function renderMetricsAsync(input: ExportInput, batch = 10): Promise<string> {
  const set = new FamilySet({ text: true });
  let n = 0;
  for (const e of input.ensembles) {
    addEnsemble(set, e);
    if (++n % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (input.collector) addCollectorFamilies(set, input.collector);
  return set.render();
}

function addEnsemble(set: FamilySet, e: EnsembleExport): void {
  addEnsembleFamilies(set, e.health, e.counters);
  const byServer = new Map(e.health.servers.map((s) => [s.server, s]));
  for (const snap of e.snapshots) addServer(set, e.health.name, snap, byServer.get(snap.server));
}

/** One server's samples of one cycle (for an Appender). */
export function serverSamples(ensemble: string, snap: ServerSnapshot, h: ServerHealth | undefined): Sample[] {
  const set = new FamilySet();
  addServer(set, ensemble, snap, h);
  return set.families().flatMap((f) => f.samples);
}

/** One ensemble's derived samples of one cycle (for an Appender). */
export function ensembleSamples(h: EnsembleHealth, counters: EnsembleCounters): Sample[] {
  const set = new FamilySet();
  addEnsembleFamilies(set, h, counters);
  return set.families().flatMap((f) => f.samples);
}
