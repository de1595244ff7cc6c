// Seeded random series for the differential test and the benchmark: counters (with resets),
// gauges and classic histogram buckets, sampled every 15 s, as OpenMetrics text (for
// `promtool tsdb create-blocks-from openmetrics`) and as a MemoryQuerier.
import type { Labels, Sample } from "../../../src/tsdb/types.ts";
import { MemoryQuerier } from "../../../src/promql/memory-querier.ts";

export const SCRAPE_MS = 15_000;

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Dataset {
  series: { labels: Labels; samples: Sample[] }[];
  start: number;
  end: number;
}

export const BUCKETS = ["0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"];

/** `instances` instances for each of 3 jobs; every instance has a counter, a gauge and a histogram. */
export function generate(seed: number, instances: number, start: number, points: number): Dataset {
  const r = rng(seed);
  const series: Dataset["series"] = [];
  const round3 = (v: number) => Math.round(v * 1000) / 1000;
  for (const job of ["api", "db", "zk"]) {
    for (let i = 0; i < instances; i++) {
      const base = { job, instance: `host-${i}:9100` };
      const counter: Sample[] = [];
      const gauge: Sample[] = [];
      const buckets: Sample[][] = BUCKETS.map(() => []);
      let c = Math.floor(r() * 1000);
      let g = r() * 100;
      const cum = BUCKETS.map(() => 0);
      for (let k = 0; k < points; k++) {
        const t = start + k * SCRAPE_MS;
        c = r() < 0.01 ? Math.floor(r() * 10) : c + Math.floor(r() * 50);
        g = round3(Math.max(0, g + (r() - 0.5) * 10));
        counter.push({ t, v: c });
        gauge.push({ t, v: g });
        const n = Math.floor(r() * 20);
        for (let o = 0; o < n; o++) {
          const x = r() ** 3 * 6;
          for (let b = 0; b < BUCKETS.length; b++) if (x <= Number(BUCKETS[b] === "+Inf" ? Infinity : BUCKETS[b])) cum[b] = (cum[b] as number) + 1;
        }
        for (let b = 0; b < BUCKETS.length; b++) buckets[b]?.push({ t, v: cum[b] as number });
      }
      series.push({ labels: { __name__: "diff_requests_total", ...base }, samples: counter });
      series.push({ labels: { __name__: "diff_temperature", ...base }, samples: gauge });
      BUCKETS.forEach((le, b) => {
        series.push({ labels: { __name__: "diff_latency_seconds_bucket", ...base, le }, samples: buckets[b] ?? [] });
      });
    }
  }
  return { series, start, end: start + (points - 1) * SCRAPE_MS };
}

export function toQuerier(d: Dataset): MemoryQuerier {
  const q = new MemoryQuerier();
  for (const s of d.series) q.add(s.labels, s.samples);
  return q;
}

/** OpenMetrics exposition with timestamps (seconds), every family typed gauge so names stay literal. */
export function toOpenMetrics(d: Dataset): string {
  const byName = new Map<string, Dataset["series"]>();
  for (const s of d.series) {
    const name = s.labels.__name__ as string;
    byName.set(name, [...(byName.get(name) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [name, list] of byName) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .filter(([k]) => k !== "__name__")
        .map(([k, v]) => `${k}="${v}"`)
        .join(",");
      for (const p of s.samples) lines.push(`${name}{${labels}} ${p.v} ${p.t / 1000}`);
    }
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}
