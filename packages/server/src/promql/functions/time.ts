// time(), timestamp() and the date functions (UTC). Ports promql/functions.go funcTime,
// funcTimestamp and dateWrapper(): with no argument they use vector(time()).
import type { Value, Vector } from "../engine/values.ts";
import type { FnCall, FnImpl } from "./types.ts";

function dateFn(f: (d: Date) => number): FnImpl {
  return (c: FnCall): Value => {
    if (c.args.length === 0) {
      return { type: "vector", samples: [{ labels: {}, v: f(new Date(c.t)), t: c.t, dropName: false }] };
    }
    const a = c.args[0];
    if (a?.type !== "vector") return { type: "vector", samples: [] };
    const out: Vector = [];
    for (const s of a.samples) {
      if (!Number.isFinite(s.v)) {
        out.push({ labels: s.labels, v: Number.NaN, t: c.t, dropName: true });
        continue;
      }
      out.push({ labels: s.labels, v: f(new Date(Math.trunc(s.v) * 1000)), t: c.t, dropName: true });
    }
    return { type: "vector", samples: out };
  };
}

function dayOfYear(d: Date): number {
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - start) / 86_400_000) + 1;
}

export const TIME_FUNCTIONS: Record<string, FnImpl> = {
  time: (c) => ({ type: "scalar", v: c.t / 1000 }),
  // Experimental query-context functions (Prometheus 3.x): the query's step, length, start, end.
  step: (c) => ({ type: "scalar", v: c.ctx.range.step / 1000 }),
  range: (c) => ({ type: "scalar", v: (c.ctx.range.end - c.ctx.range.start) / 1000 }),
  start: (c) => ({ type: "scalar", v: c.ctx.range.start / 1000 }),
  end: (c) => ({ type: "scalar", v: c.ctx.range.end / 1000 }),
  timestamp: (c) => {
    const a = c.args[0];
    if (a?.type !== "vector") return { type: "vector", samples: [] };
    return { type: "vector", samples: a.samples.map((s) => ({ labels: s.labels, v: s.t / 1000, t: c.t, dropName: true })) };
  },
  year: dateFn((d) => d.getUTCFullYear()),
  month: dateFn((d) => d.getUTCMonth() + 1),
  day_of_month: dateFn((d) => d.getUTCDate()),
  day_of_week: dateFn((d) => d.getUTCDay()),
  day_of_year: dateFn(dayOfYear),
  hour: dateFn((d) => d.getUTCHours()),
  minute: dateFn((d) => d.getUTCMinutes()),
  days_in_month: dateFn((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()),
};
