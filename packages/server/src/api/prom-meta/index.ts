// Prometheus metadata endpoints over the time-series store.
export type { MetricMetadata, PromMetaDeps } from "./handle-prom-meta.ts";
export { handlePromMeta } from "./handle-prom-meta.ts";
export type { ErrorType } from "./envelope.ts";
export { ApiError, ERROR_STATUS, sendData, sendError } from "./envelope.ts";
export { parseSelector, SelectorError } from "./selector.ts";
export { MAX_TIME_MS, MIN_TIME_MS, parseMatches, parseRange, parseTime } from "./params.ts";
