import type { Call } from "../ast.ts";
import type { EvalContext } from "../engine/context.ts";
import type { Value } from "../engine/values.ts";

/** One function call at one evaluation timestamp, arguments already evaluated. */
export interface FnCall {
  ctx: EvalContext;
  t: number;
  call: Call;
  args: Value[];
  /**
   * Set when only the result samples whose value passes are wanted (a comparison filters the
   * call's result next): a function may leave the others out. Optional for a function to honour;
   * the caller filters again.
   */
  keep?: (v: number) => boolean;
}

export type FnImpl = (c: FnCall) => Value;

export function scalarArg(c: FnCall, i: number): number {
  const a = c.args[i];
  return a && a.type === "scalar" ? a.v : Number.NaN;
}

export function stringArg(c: FnCall, i: number): string {
  const a = c.args[i];
  return a && a.type === "string" ? a.v : "";
}
