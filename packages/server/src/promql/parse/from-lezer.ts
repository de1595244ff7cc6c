// Lezer concrete tree → zoosight's typed AST, done once per query. The only place that looks at
// grammar term ids (style: codemirror-promql parser/parser.ts, mantine-ui ast.ts).
import type { SyntaxNode } from "@lezer/common";
import * as T from "@prometheus-io/lezer-promql";
import { parser } from "@prometheus-io/lezer-promql";
import type { LabelMatcher, MatchType } from "../../tsdb/types.ts";
import type { AggregateOp, AtModifier, BinaryOp, Expr, VectorMatching, VectorSelector } from "../ast.ts";
import { PromQLSyntaxError } from "../errors.ts";
import { parseDurationMs, parseNumber, unquoteString } from "./literals.ts";
import { compileRegex } from "../../tsdb/label-regex.ts";

const BINARY_OPS = new Map<number, BinaryOp>([
  [T.Pow, "^"],
  [T.Mul, "*"],
  [T.Div, "/"],
  [T.Mod, "%"],
  [T.Add, "+"],
  [T.Sub, "-"],
  [T.Eql, "=="],
  [T.Neq, "!="],
  [T.Gtr, ">"],
  [T.Lss, "<"],
  [T.Gte, ">="],
  [T.Lte, "<="],
  [T.And, "and"],
  [T.Or, "or"],
  [T.Unless, "unless"],
  [T.Atan2, "atan2"],
]);

const MATCH_OPS = new Map<number, MatchType>([
  [T.EqlSingle, "="],
  [T.Neq, "!="],
  [T.EqlRegex, "=~"],
  [T.NeqRegex, "!~"],
]);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) return cursor.node;
  } while (cursor.next());
  return undefined;
}

class Converter {
  constructor(readonly src: string) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  fail(n: { from: number; to: number }, message: string): never {
    throw new PromQLSyntaxError(message, n.from, n.to);
  }

  exprs(n: SyntaxNode): SyntaxNode[] {
    return children(n).filter((c) => c.type.is("Expr"));
  }

  expr(n: SyntaxNode): Expr {
    const at = { from: n.from, to: n.to };
    switch (n.type.id) {
      case T.NumberDurationLiteral: {
        const value = parseNumber(this.text(n));
        if (value === undefined) this.fail(n, `bad number or duration syntax: "${this.text(n)}"`);
        return { kind: "number", value, ...at };
      }
      case T.StringLiteral:
        return { kind: "string", value: this.string(n), ...at };
      case T.ParenExpr: {
        const [inner] = this.exprs(n);
        if (!inner) this.fail(n, "empty parentheses");
        return { kind: "paren", expr: this.expr(inner), ...at };
      }
      case T.UnaryExpr: {
        const op = n.getChild("UnaryOp");
        const [inner] = this.exprs(n);
        if (!op || !inner) this.fail(n, "unexpected unary expression");
        const expr = this.expr(inner);
        const sign = this.text(op) === "-" ? "-" : "+";
        if (expr.kind === "number") return { kind: "number", value: sign === "-" ? -expr.value : expr.value, ...at };
        return { kind: "unary", op: sign, expr, ...at };
      }
      case T.VectorSelector:
        return this.vectorSelector(n);
      case T.MatrixSelector:
        return this.matrixSelector(n);
      case T.SubqueryExpr:
        return this.subquery(n);
      case T.OffsetExpr:
        return this.offset(n);
      case T.StepInvariantExpr:
        return this.atModifier(n);
      case T.FunctionCall:
        return this.call(n);
      case T.AggregateExpr:
        return this.aggregation(n);
      case T.BinaryExpr:
        return this.binary(n);
      default:
        return this.fail(n, `unsupported expression ${n.type.name}: "${this.text(n)}"`);
    }
  }

  string(n: SyntaxNode): string {
    try {
      return unquoteString(this.text(n));
    } catch (err) {
      return this.fail(n, (err as Error).message);
    }
  }

  duration(n: SyntaxNode | null): number {
    if (!n) return 0;
    const kids = children(n);
    if (n.type.id === T.DurationExpr && kids.length === 1 && kids[0]) return this.duration(kids[0]);
    if (n.type.id === T.OffsetDurationExpr) {
      const op = n.getChild("UnaryOp");
      const inner = kids.find((k) => k.type.id !== T.UnaryOp);
      if (inner && inner.type.id !== T.NumberDurationLiteralInDurationContext && kids.length > 1) {
        const v = this.duration(inner);
        return op && this.text(op) === "-" ? -v : v;
      }
      if (inner && kids.length === 1) return this.duration(inner);
    }
    const ms = parseDurationMs(this.text(n));
    if (ms === undefined) this.fail(n, `duration expressions are not supported: "${this.text(n)}"`);
    return ms;
  }

  vectorSelector(n: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | undefined;
    const id = n.getChild("Identifier");
    if (id) name = this.text(id);
    const list = n.getChild("LabelMatchers");
    if (list) {
      for (const m of children(list)) {
        if (m.type.id === T.QuotedLabelName) {
          if (name !== undefined) this.fail(m, "metric name must not be set twice");
          name = this.string(m.getChild("StringLiteral") ?? m);
          continue;
        }
        const nameNode = m.getChild("LabelName") ?? m.getChild("QuotedLabelName")?.getChild("StringLiteral");
        const opNode = m.getChild("MatchOp")?.firstChild;
        const valueNode = m.getChild("StringLiteral");
        if (!nameNode || !opNode || !valueNode) continue;
        const type = MATCH_OPS.get(opNode.type.id);
        if (!type) this.fail(opNode, `unknown match operator "${this.text(opNode)}"`);
        const label = nameNode.type.id === T.LabelName ? this.text(nameNode) : this.string(nameNode);
        const value = this.string(valueNode);
        if (type === "=~" || type === "!~") {
          try {
            compileRegex(value);
          } catch (err) {
            this.fail(valueNode, `invalid regular expression in matcher: ${(err as Error).message}`);
          }
        }
        if (label === "__name__" && type === "=" && name === undefined) name = value;
        else matchers.push({ name: label, type, value });
      }
    }
    if (name !== undefined) matchers.unshift({ name: "__name__", type: "=", value: name });
    if (!matchers.some((m) => !matchesEmpty(m))) {
      this.fail(n, "vector selector must contain at least one non-empty matcher");
    }
    return { kind: "vectorSelector", name, matchers, offset: 0, at: undefined, from: n.from, to: n.to };
  }

  matrixSelector(n: SyntaxNode): Expr {
    const [inner] = this.exprs(n);
    if (!inner) this.fail(n, "bad matrix selector");
    const vector = this.expr(inner);
    if (vector.kind !== "vectorSelector") this.fail(n, "ranges only allowed for vector selectors");
    if (vector.at) this.fail(n, "no offset or @ modifiers allowed before range");
    const range = this.duration(n.getChild("DurationExpr"));
    if (range <= 0) this.fail(n, `range must be positive, got ${range / 1000}s`);
    return { kind: "matrixSelector", vector, range, from: n.from, to: n.to };
  }

  subquery(n: SyntaxNode): Expr {
    const [inner] = this.exprs(n);
    if (!inner) this.fail(n, "bad subquery");
    const durations = n.getChildren("DurationExpr");
    const expr = this.expr(inner);
    const range = this.duration(durations[0] ?? null);
    const step = this.duration(durations[1] ?? null);
    if (range <= 0) this.fail(n, "subquery range must be positive");
    if (step < 0 || (durations[1] && step === 0)) this.fail(n, "subquery step must be positive");
    return { kind: "subquery", expr, range, step, offset: 0, at: undefined, from: n.from, to: n.to };
  }

  offset(n: SyntaxNode): Expr {
    const [inner] = this.exprs(n);
    if (!inner) this.fail(n, "bad offset");
    const offset = this.duration(n.getChild("OffsetDurationExpr"));
    return this.pushDown(this.expr(inner), n, (e) => this.setOffset(e, n, offset));
  }

  /**
   * The Lezer grammar lets `offset`/`@` bind looser than binary operators and unary minus
   * (`a offset 1m or b offset 2m` parses as `(a offset 1m or b) offset 2m`); Go's parser binds
   * them to the nearest operand. Re-attach the modifier to the rightmost operand.
   */
  pushDown(expr: Expr, n: SyntaxNode, apply: (e: Expr) => Expr): Expr {
    if (expr.kind === "binary") return { ...expr, rhs: this.pushDown(expr.rhs, n, apply), to: n.to };
    if (expr.kind === "unary") return { ...expr, expr: this.pushDown(expr.expr, n, apply), to: n.to };
    return apply(expr);
  }

  setOffset(expr: Expr, n: SyntaxNode, offset: number): Expr {
    const target = expr.kind === "matrixSelector" ? expr.vector : expr;
    if (target.kind !== "vectorSelector" && target.kind !== "subquery") {
      this.fail(n, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (target.offset !== 0) this.fail(n, "offset may not be set multiple times");
    target.offset = offset;
    return { ...expr, to: n.to } as Expr;
  }

  atModifier(n: SyntaxNode): Expr {
    const [inner] = this.exprs(n);
    if (!inner) this.fail(n, "bad @ modifier");
    return this.pushDown(this.expr(inner), n, (e) => this.setAt(e, n));
  }

  setAt(expr: Expr, n: SyntaxNode): Expr {
    const target = expr.kind === "matrixSelector" ? expr.vector : expr;
    if (target.kind !== "vectorSelector" && target.kind !== "subquery") {
      this.fail(n, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (target.at) this.fail(n, "@ <timestamp> may not be set multiple times");
    const pre = n.getChild("AtModifierPreprocessors");
    let at: AtModifier;
    if (pre) at = pre.getChild("AtStart") ? { kind: "start" } : { kind: "end" };
    else {
      const num = children(n).filter((c) => c.type.id === T.NumberDurationLiteral || c.type.id === T.UnaryExpr);
      const last = num[num.length - 1];
      const value = last ? this.expr(last) : undefined;
      if (value?.kind !== "number" || !Number.isFinite(value.value)) this.fail(n, "@ modifier needs a finite timestamp");
      at = { kind: "time", t: Math.round(value.value * 1000) };
    }
    target.at = at;
    return { ...expr, to: n.to } as Expr;
  }

  call(n: SyntaxNode): Expr {
    const ident = n.getChild("FunctionIdentifier");
    const body = n.getChild("FunctionCallBody");
    if (!ident || !body) this.fail(n, "bad function call");
    const args = this.exprs(body).map((a) => this.expr(a));
    return { kind: "call", func: this.text(ident), args, from: n.from, to: n.to };
  }

  aggregation(n: SyntaxNode): Expr {
    const opNode = n.getChild("AggregateOp");
    const body = n.getChild("FunctionCallBody");
    if (!opNode || !body) this.fail(n, "bad aggregation");
    const op = this.text(opNode).toLowerCase() as AggregateOp;
    const args = this.exprs(body).map((a) => this.expr(a));
    const mod = n.getChild("AggregateModifier");
    const grouping = mod ? this.groupingLabels(mod.getChild("GroupingLabels")) : [];
    const without = !!mod?.getChild("Without");
    const hasParam = op === "topk" || op === "bottomk" || op === "quantile" || op === "count_values" || op === "limitk" || op === "limit_ratio";
    const want = hasParam ? 2 : 1;
    if (args.length !== want) this.fail(body, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
    const expr = args[want - 1] as Expr;
    return { kind: "aggregation", op, expr, param: hasParam ? args[0] : undefined, grouping, without, from: n.from, to: n.to };
  }

  groupingLabels(n: SyntaxNode | null): string[] {
    if (!n) return [];
    return children(n).map((c) => (c.type.id === T.LabelName ? this.text(c) : this.string(c.getChild("StringLiteral") ?? c)));
  }

  binary(n: SyntaxNode): Expr {
    const [lhsNode, rhsNode] = this.exprs(n);
    const opNode = children(n).find((c) => BINARY_OPS.has(c.type.id) && !c.type.is("Expr"));
    if (!lhsNode || !rhsNode || !opNode) this.fail(n, "bad binary expression");
    const op = BINARY_OPS.get(opNode.type.id) as BinaryOp;
    const returnBool = !!n.getChild("BoolModifier");
    const clause = n.getChild("MatchingModifierClause");
    let matching: VectorMatching | undefined;
    if (clause) {
      const groups = clause.getChildren("GroupingLabels");
      const card = clause.getChild("GroupLeft") ? "many-to-one" : clause.getChild("GroupRight") ? "one-to-many" : "one-to-one";
      matching = {
        card,
        on: !!clause.getChild("On"),
        labels: this.groupingLabels(groups[0] ?? null),
        include: card === "one-to-one" ? [] : this.groupingLabels(groups[1] ?? null),
      };
    }
    return { kind: "binary", op, lhs: this.expr(lhsNode), rhs: this.expr(rhsNode), returnBool, matching, from: n.from, to: n.to };
  }
}

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.type) {
    case "=":
      return m.value === "";
    case "!=":
      return m.value !== "";
    case "=~":
      return compileRegex(m.value).test("");
    case "!~":
      return !compileRegex(m.value).test("");
  }
}

/** Parses PromQL text into the typed AST; throws PromQLSyntaxError with the error's range. */
export function parseToAst(src: string): Expr {
  const tree = parser.parse(src);
  const top = tree.topNode;
  const err = firstError(top);
  if (err) {
    const fn = /([a-zA-Z_][a-zA-Z0-9_]*)\s*$/.exec(src.slice(0, err.from));
    if (fn && src[err.from] === "(") {
      throw new PromQLSyntaxError(`unknown function with name "${fn[1]}"`, fn.index, fn.index + (fn[1] as string).length);
    }
    const near = src.slice(err.from, Math.max(err.to, err.from + 1));
    const message = err.from >= src.trimEnd().length ? "unexpected end of input" : `unexpected character or token "${near}"`;
    throw new PromQLSyntaxError(`parse error at char ${err.from + 1}: ${message}`, err.from, Math.max(err.to, err.from));
  }
  const exprs = children(top).filter((c) => c.type.is("Expr"));
  if (exprs.length !== 1 || !exprs[0]) throw new PromQLSyntaxError("parse error: no expression found in input", 0, src.length);
  return new Converter(src).expr(exprs[0]);
}
