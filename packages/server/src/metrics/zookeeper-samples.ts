// A server's ZooKeeper metrics (mntr / monitor, default or Prometheus provider) as families.
import type { MonitorData } from "../collect/parse/monitor.ts";
import type { FamilySet } from "./exposition.ts";
import { baseLabels } from "./exposition.ts";
import { mapZooKeeperKey, sanitize, toBaseUnits } from "./zookeeper-names.ts";

/** Metrics already exported under a better name or as strings. */
const SKIP = new Set(["version", "server_state", "peer_state", "followers"]);

interface RawSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const summaryMemo = new Map<string, { name: string; scale: number }>();

function summaryName(summary: string): { name: string; scale: number } {
  let m = summaryMemo.get(summary);
  if (!m) {
    const { name, scale } = toBaseUnits(sanitize(summary));
    m = { name: `zookeeper_${name}`, scale };
    if (summaryMemo.size < 50_000) summaryMemo.set(summary, m);
  }
  return m;
}

/** ZooKeeper's own labels, renamed where they would clash with ours; undefined when none. */
function extraLabels(base: Record<string, string>, extra: Record<string, string>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const k in extra) {
    const name = sanitize(k);
    out ??= {};
    out[name in base ? `zk_${name}` : name] = extra[k]!;
  }
  return out;
}

/**
 * Adds every numeric value of `m` under zookeeper_*, with labels `base` (ensemble, server).
 * Prometheus-provider summaries (name{quantile=…} with name_count / name_sum) become typed
 * summaries; everything else a counter or gauge by ZooKeeper's own registration.
 */
export function addMonitorFamilies(set: FamilySet, m: MonitorData, baseMap: Record<string, string>): void {
  const base = baseLabels(baseMap);
  const all: RawSample[] = [
    ...Array.from(m.values.entries(), ([name, value]) => ({ name, labels: {}, value })),
    ...m.labeled,
  ];
  const names = new Set(all.map((s) => s.name));
  const summaries = new Set<string>();
  for (const s of all) {
    if ("quantile" in s.labels) summaries.add(s.name);
    for (const suffix of ["_count", "_sum"]) {
      if (s.name.endsWith(suffix)) {
        const b = s.name.slice(0, -suffix.length);
        const other = suffix === "_count" ? `${b}_sum` : `${b}_count`;
        if (names.has(other)) summaries.add(b);
      }
    }
  }
  for (const s of all) {
    if (SKIP.has(s.name)) continue;
    let summary: string | undefined;
    let part = "";
    if (summaries.has(s.name)) summary = s.name;
    else if (s.name.endsWith("_count") && summaries.has(s.name.slice(0, -6))) {
      summary = s.name.slice(0, -6);
      part = "_count";
    } else if (s.name.endsWith("_sum") && summaries.has(s.name.slice(0, -4))) {
      summary = s.name.slice(0, -4);
      part = "_sum";
    }
    if (summary !== undefined) {
      const { name: family, scale } = summaryName(summary);
      const value = part === "_count" ? s.value : s.value * scale;
      set.addBased(family, { type: "summary", help: `ZooKeeper summary ${summary}` }, base, extraLabels(baseMap, s.labels), value, `${family}${part}`);
      continue;
    }
    const mapped = mapZooKeeperKey(s.name);
    set.addBased(mapped.name, { type: mapped.type, help: `ZooKeeper ${s.name}` }, base, extraLabels(baseMap, s.labels), s.value * mapped.scale);
  }
}
