// The function signature table, shared by the type checker (parse/check.ts) and the evaluator's
// dispatch (functions/index.ts). Mirrors prometheus/prometheus promql/parser/functions.go.
import type { ValueType } from "./ast.ts";

export interface FunctionSignature {
  name: string;
  argTypes: ValueType[];
  /** 0: exactly argTypes; n > 0: the last n args are optional; -1: the last arg repeats. */
  variadic: number;
  returnType: ValueType;
}

const V: ValueType = "vector";
const M: ValueType = "matrix";
const S: ValueType = "scalar";
const STR: ValueType = "string";

function sig(name: string, argTypes: ValueType[], returnType: ValueType, variadic = 0): FunctionSignature {
  return { name, argTypes, variadic, returnType };
}

const LIST: FunctionSignature[] = [
  ...["abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "deg", "rad"].map((n) => sig(n, [V], V)),
  ...["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh"].map((n) =>
    sig(n, [V], V),
  ),
  ...["timestamp", "sort", "sort_desc", "absent"].map((n) => sig(n, [V], V)),
  ...["days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year"].map((n) =>
    sig(n, [V], V, 1),
  ),
  ...[
    "rate",
    "irate",
    "increase",
    "delta",
    "idelta",
    "deriv",
    "changes",
    "resets",
    "avg_over_time",
    "min_over_time",
    "max_over_time",
    "sum_over_time",
    "count_over_time",
    "last_over_time",
    "first_over_time",
    "present_over_time",
    "stddev_over_time",
    "stdvar_over_time",
    "mad_over_time",
    "absent_over_time",
    "ts_of_first_over_time",
    "ts_of_last_over_time",
    "ts_of_max_over_time",
    "ts_of_min_over_time",
  ].map((n) => sig(n, [M], V)),
  sig("quantile_over_time", [S, M], V),
  sig("predict_linear", [M, S], V),
  sig("double_exponential_smoothing", [M, S, S], V),
  sig("clamp", [V, S, S], V),
  sig("clamp_max", [V, S], V),
  sig("clamp_min", [V, S], V),
  sig("round", [V, S], V, 1),
  sig("histogram_quantile", [S, V], V),
  sig("label_replace", [V, STR, STR, STR, STR], V),
  sig("label_join", [V, STR, STR, STR], V, -1),
  sig("sort_by_label", [V, STR], V, -1),
  sig("sort_by_label_desc", [V, STR], V, -1),
  sig("scalar", [V], S),
  sig("vector", [S], V),
  sig("time", [], S),
  sig("step", [], S),
  sig("range", [], S),
  sig("start", [], S),
  sig("end", [], S),
  sig("pi", [], S),
];

export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(LIST.map((s) => [s.name, s]));

/** Functions Prometheus knows but zoosight does not evaluate (native histograms, experimental info()). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  "histogram_avg",
  "histogram_count",
  "histogram_sum",
  "histogram_stddev",
  "histogram_stdvar",
  "histogram_fraction",
  "histogram_quantiles",
  "info",
  "start_timestamp",
]);
