// The hook through which rule expressions are syntax-checked at load time.
//
// Until the PromQL engine (packages/server/src/promql) exports its parser from an index.ts,
// the default checker runs the PromQL grammar itself (@prometheus-io/lezer-promql, the grammar
// Prometheus's own UI uses) and reports its first error node. That catches syntax errors but
// not type errors (e.g. rate() over an instant vector); swap in the engine's parser with
// setExpressionChecker once it is exported.
import { parser } from "@prometheus-io/lezer-promql";

/** Returns a one-line error for an invalid expression, undefined when it parses. */
export type ExpressionChecker = (expr: string) => string | undefined;

export const grammarChecker: ExpressionChecker = (expr) => {
  if (expr.trim() === "") return "no expression found in input";
  const tree = parser.parse(expr);
  let error: string | undefined;
  tree.iterate({
    enter: (node) => {
      if (error !== undefined) return false;
      if (node.type.isError) {
        const near = expr.slice(node.from, Math.max(node.to, node.from + 10)).split("\n")[0];
        error = `parse error at char ${node.from + 1}: unexpected ${near ? `"${near}"` : "end of input"}`;
        return false;
      }
      return true;
    },
  });
  return error;
};

let current: ExpressionChecker = grammarChecker;

export function setExpressionChecker(checker: ExpressionChecker): void {
  current = checker;
}

export function checkExpression(expr: string): string | undefined {
  return current(expr);
}
