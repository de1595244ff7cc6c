// zoosight's typed PromQL AST: a discriminated union on `kind`, shaped after Prometheus's
// promql/parser/ast.go (and mantine-ui's src/promql/ast.ts). Built once from the Lezer tree
// (parse/from-lezer.ts); the type checker and the evaluator only ever see this.
import type { LabelMatcher } from "../tsdb/types.ts";

export type ValueType = "scalar" | "vector" | "matrix" | "string";

/** Source range in the query text (character offsets). */
export interface Pos {
  from: number;
  to: number;
}

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "^" | "atan2"
  | "==" | "!=" | ">" | "<" | ">=" | "<="
  | "and" | "or" | "unless";

export type AggregateOp =
  | "sum" | "avg" | "min" | "max" | "count" | "group" | "stddev" | "stdvar"
  | "topk" | "bottomk" | "quantile" | "count_values" | "limitk" | "limit_ratio";

/** The `@` modifier: a fixed time in ms, or start()/end() resolved at evaluation. */
export type AtModifier = { kind: "time"; t: number } | { kind: "start" } | { kind: "end" };

export interface VectorMatching {
  card: "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";
  /** on(...) when true, ignoring(...) when false. */
  on: boolean;
  labels: string[];
  /** group_left/group_right extra labels. */
  include: string[];
}

export interface NumberLiteral extends Pos {
  kind: "number";
  value: number;
}
export interface StringLiteral extends Pos {
  kind: "string";
  value: string;
}
export interface VectorSelector extends Pos {
  kind: "vectorSelector";
  name: string | undefined;
  matchers: LabelMatcher[];
  /** Offset in ms (positive looks back). */
  offset: number;
  at: AtModifier | undefined;
}
export interface MatrixSelector extends Pos {
  kind: "matrixSelector";
  vector: VectorSelector;
  /** Range in ms. */
  range: number;
}
export interface SubqueryExpr extends Pos {
  kind: "subquery";
  expr: Expr;
  range: number;
  /** Step in ms; 0 means the engine's default (the outer step or 1m). */
  step: number;
  offset: number;
  at: AtModifier | undefined;
}
export interface Call extends Pos {
  kind: "call";
  func: string;
  args: Expr[];
}
export interface Aggregation extends Pos {
  kind: "aggregation";
  op: AggregateOp;
  expr: Expr;
  param: Expr | undefined;
  grouping: string[];
  without: boolean;
}
export interface BinaryExpr extends Pos {
  kind: "binary";
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** `bool` modifier on comparisons. */
  returnBool: boolean;
  matching: VectorMatching | undefined;
}
export interface UnaryExpr extends Pos {
  kind: "unary";
  op: "-" | "+";
  expr: Expr;
}
export interface ParenExpr extends Pos {
  kind: "paren";
  expr: Expr;
}
/** An expression with @ or offset that is not a selector/subquery (e.g. `(foo) @ 10` is not allowed, kept for errors). */

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | Aggregation
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;
