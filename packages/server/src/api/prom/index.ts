export { type PromQueryDeps, type PromQueryLimits, classify, handlePromQuery, toApiData } from "./handle-prom-query.ts";
export { BadDataError, parseDurationParam, parseTimeParam } from "./params.ts";
