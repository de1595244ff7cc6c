// Summarizes a V8 .cpuprofile (node --cpu-prof) by self time per function,
// mapping positions in a bundle back to .ts lines with the bundle's source map
// (the "<file>.map" next to it, as esbuild writes it).
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeRow {
  ms: number;
  /** Share of the non-idle sampled time. */
  percentBusy: number;
  functionName: string;
  /** file:line (1-based) in the original source where a source map exists. */
  location: string;
}

export interface ProfileSummary {
  sampledMs: number;
  idleMs: number;
  /** Functions by self time, (idle) left out. */
  self: TimeRow[];
  /** Functions whose location starts with `inclusivePrefix`, by total (self + callees) time. */
  inclusive: TimeRow[];
}

interface LoadedMap {
  map: SourceMap;
  /** Folder the map's relative `sources` are relative to. */
  dir: string;
}

/** Self and inclusive time per function, largest first; locations relative to `root`. */
export function summarizeProfile(profileFile: string, root: string, top = 15, inclusivePrefix = "packages/client/"): ProfileSummary {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile;
  const maps = new Map<string, LoadedMap | undefined>();
  const mapFor = (url: string): LoadedMap | undefined => {
    if (!url.startsWith("file:")) return undefined;
    if (!maps.has(url)) {
      const file = `${fileURLToPath(url)}.map`;
      const payload = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SourceMapPayload) : undefined;
      maps.set(url, payload ? { map: new SourceMap(payload), dir: dirname(file) } : undefined);
    }
    return maps.get(url);
  };

  // One key per function (name + original location); parents for the inclusive walk.
  const keyOf = new Map<number, { key: string; functionName: string; location: string }>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const functionName = f.functionName || "(anonymous)";
    const location = locate(f, mapFor(f.url), root);
    keyOf.set(node.id, { key: `${functionName}@${location}`, functionName, location });
    for (const child of node.children ?? []) parent.set(child, node.id);
  }

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const us = profile.timeDeltas[i] ?? 0;
    const k = keyOf.get(id)!;
    total += us;
    if (k.functionName === "(idle)") {
      idle += us;
      continue;
    }
    self.set(k.key, (self.get(k.key) ?? 0) + us);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf.get(n)!.key;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const info = new Map([...keyOf.values()].map((k) => [k.key, k]));
  const rows = (m: Map<string, number>, keep: (location: string) => boolean): TimeRow[] =>
    [...m]
      .filter(([key]) => keep(info.get(key)!.location))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ ms: us / 1000, percentBusy: (100 * us) / busy, functionName: info.get(key)!.functionName, location: info.get(key)!.location }));
  return {
    sampledMs: total / 1000,
    idleMs: idle / 1000,
    self: rows(self, () => true),
    inclusive: rows(inclusive, (l) => l.startsWith(inclusivePrefix)),
  };
}

function locate(f: CallFrame, loaded: LoadedMap | undefined, root: string): string {
  if (!f.url) return "";
  if (loaded) {
    const entry = loaded.map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : resolve(loaded.dir, entry.originalSource);
      return `${relative(root, source)}:${entry.originalLine + 1}`;
    }
  }
  return `${f.url.startsWith("file:") ? relative(root, fileURLToPath(f.url)) : f.url}:${f.lineNumber + 1}`;
}

export function profileTable(rows: readonly TimeRow[], what: string): string {
  const out = [`| # | ${what} ms | % of busy | function | location |`, "|---:|---:|---:|---|---|"];
  rows.forEach((r, i) => {
    out.push(`| ${i + 1} | ${r.ms.toFixed(0)} | ${r.percentBusy.toFixed(1)} | \`${r.functionName}\` | ${r.location} |`);
  });
  return out.join("\n");
}
