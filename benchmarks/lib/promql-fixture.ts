// Data for the PromQL latency benchmark: `targets` scrape targets, each with request counters
// (4 methods), 2 gauges, an `up` series and 8 histogram buckets (15 series per target), one
// sample every 30 s; as an OpenMetrics file for promtool backfill and as appends for zoosight.

export const BUCKETS = ["0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"];
export const SERIES_PER_TARGET = 4 + 2 + 1 + BUCKETS.length;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Emit = (name: string, labels: Record<string, string>, t: number, v: number) => void;

/** Calls `emit` for every sample, series by series (time-ordered within a series). */
export function generate(targets: number, start: number, points: number, stepMs: number, emit: Emit): void {
  const r = rng(42);
  const jobs = ["api", "db", "zk", "web", "batch"];
  for (let i = 0; i < targets; i++) {
    const base = { job: jobs[i % jobs.length] as string, instance: `host-${i}:9100` };
    for (const method of ["get", "put", "post", "delete"]) {
      let c = Math.floor(r() * 1e4);
      for (let k = 0; k < points; k++) {
        c += Math.floor(r() * 100);
        emit("bench_requests_total", { ...base, method }, start + k * stepMs, c);
      }
    }
    let m = r() * 1e9;
    for (let k = 0; k < points; k++) {
      m = Math.max(0, m + (r() - 0.5) * 1e7);
      emit("bench_memory_bytes", base, start + k * stepMs, Math.round(m));
      emit("bench_open_connections", base, start + k * stepMs, Math.floor(r() * 100));
      emit("bench_up", base, start + k * stepMs, r() < 0.02 ? 0 : 1);
    }
    const cum = BUCKETS.map(() => 0);
    const rows: number[][] = [];
    for (let k = 0; k < points; k++) {
      const n = Math.floor(r() * 30);
      for (let o = 0; o < n; o++) {
        const x = r() ** 3 * 6;
        BUCKETS.forEach((le, b) => {
          if (le === "+Inf" || x <= Number(le)) cum[b] = (cum[b] as number) + 1;
        });
      }
      rows.push([...cum]);
    }
    BUCKETS.forEach((le, b) => {
      for (let k = 0; k < points; k++) emit("bench_latency_seconds_bucket", { ...base, le }, start + k * stepMs, rows[k]?.[b] as number);
    });
  }
}

/** The same data as OpenMetrics (every family typed gauge so that names stay literal). */
export function openMetrics(targets: number, start: number, points: number, stepMs: number): string {
  const byName = new Map<string, string[]>();
  generate(targets, start, points, stepMs, (name, labels, t, v) => {
    let lines = byName.get(name);
    if (!lines) {
      lines = [];
      byName.set(name, lines);
    }
    const l = Object.entries(labels)
      .map(([k, x]) => `${k}="${x}"`)
      .join(",");
    lines.push(`${name}{${l}} ${v} ${t / 1000}`);
  });
  const out: string[] = [];
  for (const [name, lines] of byName) {
    out.push(`# TYPE ${name} gauge`);
    for (const l of lines) out.push(l);
  }
  out.push("# EOF", "");
  return out.join("\n");
}
