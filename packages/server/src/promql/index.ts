// zoosight's PromQL engine: parser (official Lezer grammar → typed AST), type checker, evaluator.
export type * from "./ast.ts";
export type { EngineOptions, QueryRange } from "./engine/context.ts";
export { instantQuery, parseQuery, type QueryResult, rangeQuery, rangeQueryAsync } from "./engine/query.ts";
export {
  PromQLCanceledError,
  PromQLExecutionError,
  PromQLSyntaxError,
  PromQLTimeoutError,
  PromQLTooManySamplesError,
  PromQLTypeError,
} from "./errors.ts";
export { formatFloat } from "./format-float.ts";
export { MemoryQuerier } from "./memory-querier.ts";
export { check, typeOf } from "./parse/check.ts";
export { parseToAst } from "./parse/from-lezer.ts";
export { FUNCTIONS, type FunctionSignature } from "./signatures.ts";
export { compileRegex } from "../tsdb/label-regex.ts";
