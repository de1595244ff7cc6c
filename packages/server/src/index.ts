// zoosight's library surface: the collector, the health model, the exporter, the HTTP API and
// the configuration, for the CLI, the benchmarks and later stages (TSDB, rules).
export * from "./api/index.ts";
export * from "./collect/index.ts";
export * from "./config/index.ts";
export * from "./health/index.ts";
export * from "./metrics/index.ts";
export { MemoryTsdb, Tsdb, TsdbCorruptionError } from "./tsdb/index.ts";
export type { TsdbOptions } from "./tsdb/index.ts";
export { handlePromQuery, type PromQueryDeps, toApiData } from "./api/prom/index.ts";
export { instantQuery, MemoryQuerier, parseQuery, type QueryResult, rangeQuery } from "./promql/index.ts";
export * from "./rules/index.ts";
export { builtinRuleGroups, ZOOKEEPER_RULES_YAML } from "./rules/builtin/zookeeper-pack.ts";
export { queryOver } from "./cli/commands/serve-alerting.ts";
