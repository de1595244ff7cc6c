// Differential test: the same seeded random data backfilled into a real Prometheus 2.42 (Debian
// package) and loaded into zoosight's engine; seeded random expressions evaluated by both as
// instant and range queries; every result compared series by series with a float tolerance.
//
// Prometheus 2.42 vs the 3.x semantics zoosight implements: 2.42's range and lookback windows are
// closed ([t - d, t]), 3.x's are left-open ((t - d, t]). This test compares over expressions whose
// semantics agree in both (see differential/expressions.ts): every evaluation timestamp is 7 s
// past a sample (samples every 15 s; ranges, offsets and steps are multiples of 15 s), so no
// window boundary ever falls on a sample. It does not emulate 2.42's closed windows.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { labelsKey } from "../../src/promql/engine/labels.ts";
import { instantQuery, type QueryResult, rangeQuery } from "../../src/promql/index.ts";
import type { MemoryQuerier } from "../../src/promql/memory-querier.ts";
import { generate, SCRAPE_MS, toOpenMetrics, toQuerier } from "./differential/data.ts";
import { expressions } from "./differential/expressions.ts";
import { type RealPrometheus, startPrometheus } from "./differential/prometheus.ts";

const SEED = 20_261_124;
const START = 1_700_000_000_000 - (1_700_000_000_000 % 3_600_000);
const POINTS = 241; // one hour every 15 s
const EXPRESSIONS = 120;

type Points = Map<string, Map<number, number>>;

function goFloat(s: string): number {
  if (s === "+Inf") return Number.POSITIVE_INFINITY;
  if (s === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(s);
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 + 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

function ours(r: QueryResult): Points {
  const out: Points = new Map();
  if (r.resultType === "scalar") out.set("scalar", new Map([[r.t, r.v]]));
  else if (r.resultType === "vector") for (const s of r.samples) out.set(labelsKey(s.labels), new Map([[s.t, s.v]]));
  else if (r.resultType === "matrix") for (const s of r.series) out.set(labelsKey(s.labels), new Map(s.points.map((p) => [p.t, p.v])));
  return out;
}

interface PromData {
  resultType: string;
  result: unknown;
}

function theirs(d: PromData): Points {
  const out: Points = new Map();
  const ms = (t: number) => Math.round(t * 1000);
  if (d.resultType === "scalar") {
    const [t, v] = d.result as [number, string];
    out.set("scalar", new Map([[ms(t), goFloat(v)]]));
  } else {
    for (const s of d.result as { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]) {
      const pts = s.values ?? (s.value ? [s.value] : []);
      out.set(labelsKey(s.metric), new Map(pts.map(([t, v]) => [ms(t), goFloat(v)])));
    }
  }
  return out;
}

function diff(expr: string, a: Points, b: Points): string | undefined {
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    if (!x || !y) return `${expr}: series ${JSON.stringify(k.split("\u0000"))} only in ${x ? "zoosight" : "Prometheus"}`;
    for (const t of new Set([...x.keys(), ...y.keys()])) {
      const xv = x.get(t);
      const yv = y.get(t);
      if (xv === undefined || yv === undefined || !close(xv, yv)) {
        return `${expr}: ${JSON.stringify(k.split("\u0000"))} at ${t}: zoosight ${xv}, Prometheus ${yv}`;
      }
    }
  }
  return undefined;
}

async function promQuery(base: string, path: string, params: Record<string, string>): Promise<PromData> {
  const r = await fetch(`${base}${path}`, { method: "POST", body: new URLSearchParams(params) });
  const body = (await r.json()) as { status: string; data: PromData; error?: string };
  if (body.status !== "success") throw new Error(`Prometheus: ${body.error}`);
  return body.data;
}

describe("PromQL > differential against a real Prometheus 2.42", { concurrency: false }, () => {
  let prom: RealPrometheus | undefined;
  let q: MemoryQuerier;
  const data = generate(SEED, 4, START, POINTS);
  const exprs = expressions(SEED, EXPRESSIONS);

  before(async () => {
    q = toQuerier(data);
    prom = await startPrometheus(toOpenMetrics(data));
  });
  after(async () => {
    await prom?.stop();
  });

  test(`${EXPRESSIONS} seeded random expressions agree (instant at 2 times, range over 20 m)`, async () => {
    assert.ok(prom);
    const base = prom.base;
    const problems: string[] = [];
    let compared = 0;
    let nonEmpty = 0;
    const times = [START + 30 * 60_000 + 7_000, START + 55 * 60_000 + 7_000 + 2 * SCRAPE_MS];
    const rStart = START + 20 * 60_000 + 7_000;
    const rEnd = rStart + 20 * 60_000;
    for (const expr of exprs) {
      for (const t of times) {
        const mine = ours(instantQuery(q, expr, t));
        const real = theirs(await promQuery(base, "/api/v1/query", { query: expr, time: String(t / 1000) }));
        compared++;
        if (real.size > 0) nonEmpty++;
        const d = diff(`instant ${expr} @ ${t}`, mine, real);
        if (d) problems.push(d);
      }
      const mine = ours(rangeQuery(q, expr, rStart, rEnd, 60_000));
      const real = theirs(await promQuery(base, "/api/v1/query_range", { query: expr, start: String(rStart / 1000), end: String(rEnd / 1000), step: "60" }));
      compared++;
      if (real.size > 0) nonEmpty++;
      const d = diff(`range ${expr}`, mine, real);
      if (d) problems.push(d);
    }
    console.log(`differential: ${compared} queries compared (${nonEmpty} with a non-empty result), ${problems.length} differences`);
    assert.ok(nonEmpty > compared / 2, `too few non-empty results (${nonEmpty}/${compared}): the test would prove little`);
    assert.deepEqual(problems, []);
  });
});
