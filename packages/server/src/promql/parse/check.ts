// Type checking of the typed AST: every node's ValueType, errors with positions. Ports the rules
// of prometheus/prometheus promql/parser/parse.go (checkAST) and ast.go (Type()).
import type { Expr, ValueType } from "../ast.ts";
import { PromQLTypeError } from "../errors.ts";
import { FUNCTIONS, UNSUPPORTED_FUNCTIONS } from "../signatures.ts";

const TYPE_NAMES: Record<ValueType, string> = {
  scalar: "scalar",
  vector: "instant vector",
  matrix: "range vector",
  string: "string",
};

export function typeName(t: ValueType): string {
  return TYPE_NAMES[t];
}

function fail(e: { from: number; to: number }, message: string): never {
  throw new PromQLTypeError(message, e.from, e.to);
}

/** The static type of an expression (ast.go Type()), without checking. */
export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "vectorSelector":
      return "vector";
    case "matrixSelector":
    case "subquery":
      return "matrix";
    case "call":
      return FUNCTIONS.get(e.func)?.returnType ?? "vector";
    case "aggregation":
      return "vector";
    case "binary":
      return typeOf(e.lhs) === "scalar" && typeOf(e.rhs) === "scalar" ? "scalar" : "vector";
    case "unary":
    case "paren":
      return typeOf(e.expr);
  }
}

function expect(e: Expr, want: ValueType, context: string): void {
  const got = check(e);
  if (got !== want) fail(e, `expected type ${typeName(want)} in ${context}, got ${typeName(got)}`);
}

const COMPARISONS = new Set(["==", "!=", ">", "<", ">=", "<="]);
const SET_OPS = new Set(["and", "or", "unless"]);

/** Checks the whole tree and returns its type; throws PromQLTypeError {message, from, to}. */
export function check(e: Expr): ValueType {
  switch (e.kind) {
    case "number":
    case "string":
    case "vectorSelector":
      return typeOf(e);
    case "matrixSelector":
      return "matrix";
    case "subquery": {
      const t = check(e.expr);
      if (t !== "vector") fail(e, `subquery is only allowed on instant vector, got ${typeName(t)} instead`);
      return "matrix";
    }
    case "paren":
      return check(e.expr);
    case "unary": {
      const t = check(e.expr);
      if (t !== "scalar" && t !== "vector") fail(e, `unary expression only allowed on expressions of type scalar or instant vector, got "${typeName(t)}"`);
      return t;
    }
    case "call": {
      if (UNSUPPORTED_FUNCTIONS.has(e.func)) fail(e, `function "${e.func}" is not supported by zoosight (native histograms / experimental)`);
      const sig = FUNCTIONS.get(e.func);
      if (!sig) fail(e, `unknown function with name "${e.func}"`);
      const n = e.args.length;
      const min = sig.variadic === -1 ? sig.argTypes.length - 1 : sig.argTypes.length - Math.max(0, sig.variadic);
      const max = sig.variadic === -1 ? Number.POSITIVE_INFINITY : sig.argTypes.length;
      if (n < min || n > max) {
        const want = sig.variadic === 0 ? `${sig.argTypes.length}` : sig.variadic === -1 ? `at least ${min}` : `at most ${max}`;
        fail(e, `expected ${want} argument(s) in call to "${e.func}", got ${n}`);
      }
      e.args.forEach((a, i) => {
        const want = sig.argTypes[Math.min(i, sig.argTypes.length - 1)] as ValueType;
        expect(a, want, `call to function "${e.func}"`);
      });
      return sig.returnType;
    }
    case "aggregation": {
      const t = check(e.expr);
      if (t !== "vector") fail(e, `expected type instant vector in aggregation expression, got ${typeName(t)}`);
      if (e.param) {
        const want: ValueType = e.op === "count_values" ? "string" : "scalar";
        expect(e.param, want, "aggregation parameter");
      }
      return "vector";
    }
    case "binary": {
      const lt = check(e.lhs);
      const rt = check(e.rhs);
      for (const [side, t] of [
        [e.lhs, lt],
        [e.rhs, rt],
      ] as const) {
        if (t !== "scalar" && t !== "vector") fail(side, `binary expression must contain only scalar and instant vector types`);
      }
      if (e.returnBool && !COMPARISONS.has(e.op)) fail(e, "bool modifier can only be used on comparison operators");
      if (COMPARISONS.has(e.op) && lt === "scalar" && rt === "scalar" && !e.returnBool) {
        fail(e, "comparisons between scalars must use BOOL modifier");
      }
      if (SET_OPS.has(e.op)) {
        if (lt !== "vector" || rt !== "vector") fail(e, `set operator "${e.op}" not allowed in binary scalar expression`);
        if (e.matching && e.matching.card !== "one-to-one") fail(e, `no grouping allowed for "${e.op}" operation`);
      }
      if (e.matching && (lt !== "vector" || rt !== "vector")) {
        fail(e, "vector matching only allowed between instant vectors");
      }
      if (e.matching?.on) {
        const dup = e.matching.include.find((l) => e.matching?.labels.includes(l));
        if (dup) fail(e, `label "${dup}" must not occur in ON and GROUP clause at once`);
      }
      return lt === "scalar" && rt === "scalar" ? "scalar" : "vector";
    }
  }
}
