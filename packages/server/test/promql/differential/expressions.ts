// Seeded random PromQL expressions over the differential dataset, restricted to what Prometheus
// 2.42 (the Debian package) and zoosight's Prometheus-3 semantics evaluate identically:
// - no function added after 2.42 (mad_over_time, sort_by_label, limitk, ts_of_*, first_over_time,
//   double_exponential_smoothing vs holt_winters), no subqueries, no @ / negative offset;
// - range and offset durations are multiples of the 15 s sample interval and the evaluation
//   timestamps are never on a sample (see differential.test.ts), so 2.42's closed windows
//   [t - range, t] and 3.x's left-open (t - range, t] select the same samples;
// - no expression whose result depends on delayed __name__ removal;
// - topk/bottomk only over values both engines compute bit-identically (stored gauge values,
//   max/last_over_time): ties are then broken the same way (zoosight replicates Prometheus's heap),
//   whereas over rate() 2.42 and 3.x round the extrapolation differently in the last bit, so
//   near-ties may legitimately select different series.
import { rng } from "./data.ts";

const RANGES = ["1m", "2m", "5m", "10m"];
const OFFSETS = ["", "", "", " offset 30s", " offset 1m", " offset 5m"];
const JOBS = ["api", "db", "zk"];

export function expressions(seed: number, count: number): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const matchers = (): string => {
    const opts = [
      "",
      `{job="${pick(JOBS)}"}`,
      `{job!="${pick(JOBS)}"}`,
      `{job=~"${pick(JOBS)}|${pick(JOBS)}"}`,
      `{instance!~"host-[0-1]:.*"}`,
      `{job="${pick(JOBS)}",instance=~"host-.*"}`,
    ];
    return pick(opts);
  };
  const counterRange = () => `diff_requests_total${matchers()}[${pick(RANGES)}]${pick(OFFSETS)}`;
  const gaugeRange = () => `diff_temperature${matchers()}[${pick(RANGES)}]${pick(OFFSETS)}`;
  const counterFn = () => `${pick(["rate", "increase", "irate", "resets", "changes"])}(${counterRange()})`;
  const gaugeFn = () =>
    pick([
      () => `${pick(["delta", "idelta", "deriv", "changes"])}(${gaugeRange()})`,
      () => `${pick(["avg", "min", "max", "sum", "count", "last", "present", "stddev", "stdvar"])}_over_time(${gaugeRange()})`,
      () => `quantile_over_time(${pick(["0", "0.25", "0.5", "0.9", "1"])}, ${gaugeRange()})`,
      () => `predict_linear(${gaugeRange()}, ${pick(["60", "300", "3600"])})`,
      () => `diff_temperature${matchers()}${pick(OFFSETS)}`,
    ])();
  const instant = () => pick([counterFn, gaugeFn])();
  const grouping = () => pick(["", " by (job)", " without (instance)", " by (instance)"]);
  const agg = () =>
    pick([
      () => `${pick(["sum", "avg", "min", "max", "count", "stddev", "stdvar", "group"])}${grouping()} (${instant()})`,
      () => {
        const m = matchers();
        const arg = pick([`diff_temperature${m}`, `max_over_time(diff_temperature${m}[5m])`, `last_over_time(diff_temperature${m}[1m])`]);
        return `${pick(["topk", "bottomk"])}${grouping()} (${pick(["1", "2", "3"])}, ${arg})`;
      },
      () => `quantile${grouping()} (${pick(["0.1", "0.5", "0.99"])}, ${instant()})`,
    ])();
  const scalarOp = () => `${instant()} ${pick(["+", "-", "*", "/", "%", "^"])} ${pick(["2", "0.5", "10", "-1"])}`;
  const compare = () => `${instant()} ${pick([">", "<", ">=", "<=", "==", "!="])}${pick(["", " bool"])} ${pick(["1", "10", "50", "100"])}`;
  const vecVec = () =>
    pick([
      () => `sum by (job) (${instant()}) ${pick(["+", "/", "-", ">"])} on (job) sum by (job) (${instant()})`,
      () => `${counterFn()} ${pick(["*", "+"])} ignoring (instance) group_left ${pick(["sum", "max"])} without (instance) (${gaugeFn()})`,
      () => `diff_temperature${matchers()} ${pick(["and", "or", "unless"])} diff_temperature${matchers()}`,
      () => `rate(diff_requests_total[5m]) / on (job, instance) diff_temperature`,
    ])();
  const histogram = () =>
    `histogram_quantile(${pick(["0.5", "0.9", "0.99"])}, sum by (le${pick(["", ", job"])}) (rate(diff_latency_seconds_bucket${matchers()}[${pick(RANGES)}])))`;
  const misc = () =>
    pick([
      () => `${pick(["abs", "ceil", "floor", "sqrt", "round"])}(${instant()})`,
      () => `clamp_min(${instant()}, 5)`,
      () => `clamp_max(${instant()}, 5)`,
      () => `absent(diff_temperature{job="${pick([...JOBS, "nope"])}"})`,
      () => `timestamp(diff_temperature${matchers()})`,
      () => `label_replace(${counterFn()}, "host", "$1", "instance", "(.*):.*")`,
      () => `scalar(sum(${instant()})) * vector(2)`,
      () => `time() - ${pick(["1", "100"])}`,
    ])();
  const out: string[] = [];
  const kinds = [instant, agg, agg, scalarOp, compare, vecVec, histogram, misc];
  for (let i = 0; i < count; i++) out.push(pick(kinds)());
  return out;
}
