// The hook through which rule expressions are checked at load time. The default is the PromQL
// engine's parser and type checker (parseQuery); grammarChecker (the bare Lezer grammar, syntax
// only) remains for callers that want no engine.
import { parser } from "@prometheus-io/lezer-promql";
import { parseQuery } from "../promql/index.ts";

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

export const engineChecker: ExpressionChecker = (expr) => {
  try {
    parseQuery(expr);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

let current: ExpressionChecker = engineChecker;

export function setExpressionChecker(checker: ExpressionChecker): void {
  current = checker;
}

export function checkExpression(expr: string): string | undefined {
  return current(expr);
}
