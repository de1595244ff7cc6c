// The evaluator's dispatch table: function name → implementation. Every name in
// ../signatures.ts FUNCTIONS has exactly one entry (checked by a test).
import { histogramQuantile } from "./quantile.ts";
import { LABEL_FUNCTIONS } from "./labels.ts";
import { MATH_FUNCTIONS } from "./math.ts";
import { MISC_FUNCTIONS } from "./misc.ts";
import { OVER_TIME_FUNCTIONS } from "./over-time.ts";
import { RATE_FUNCTIONS } from "./rate.ts";
import { TIME_FUNCTIONS } from "./time.ts";
import type { FnImpl } from "./types.ts";

export type { FnCall, FnImpl } from "./types.ts";

export const FUNCTION_IMPLS: Readonly<Record<string, FnImpl>> = {
  ...RATE_FUNCTIONS,
  ...OVER_TIME_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...LABEL_FUNCTIONS,
  ...MISC_FUNCTIONS,
  histogram_quantile: histogramQuantile,
};
