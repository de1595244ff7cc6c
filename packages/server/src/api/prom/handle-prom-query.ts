// /api/v1/query and /api/v1/query_range over zoosight's PromQL engine, with Prometheus's envelope
// {status, data: {resultType, result}, errorType, error, warnings} and error types
// (web/api/v1/api.go): bad_data 400, execution 422, timeout 503, canceled 499.
import type http from "node:http";
import { formatFloat } from "../../promql/format-float.ts";
import {
  instantQuery,
  PromQLCanceledError,
  PromQLExecutionError,
  PromQLSyntaxError,
  PromQLTimeoutError,
  PromQLTypeError,
  type QueryResult,
  rangeQueryAsync,
} from "../../promql/index.ts";
import { InvalidMatcherError, type Querier } from "../../tsdb/types.ts";
import { BadDataError, parseDurationParam, parseTimeParam } from "./params.ts";

export interface PromQueryLimits {
  /** Most samples one query may load (default 50 million). */
  maxSamples?: number;
  /** Query timeout in ms (default 2 minutes, Prometheus's default). */
  timeoutMs?: number;
  /** Lookback delta in ms (default 5 minutes). */
  lookbackDeltaMs?: number;
}

export interface PromQueryDeps {
  querier: Querier;
  /** Wall clock in ms: the default evaluation time of /api/v1/query. */
  now?: () => number;
  /** Monotonic ms clock for the timeout (default performance.now). */
  clock?: () => number;
  limits?: PromQueryLimits;
}

/** Prometheus refuses range queries with more points per series than this. */
const MAX_POINTS = 11_000;

type ErrorType = "bad_data" | "execution" | "timeout" | "canceled" | "internal";
const STATUS: Record<ErrorType, number> = { bad_data: 400, execution: 422, timeout: 503, canceled: 499, internal: 500 };

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const point = (t: number, v: number): [number, string] => [t / 1000, formatFloat(v)];

/** The engine's result in the API's JSON shape. */
export function toApiData(r: QueryResult): { resultType: string; result: unknown } {
  switch (r.resultType) {
    case "scalar":
      return { resultType: "scalar", result: point(r.t, r.v) };
    case "string":
      return { resultType: "string", result: [r.t / 1000, r.v] };
    case "vector":
      return { resultType: "vector", result: r.samples.map((s) => ({ metric: s.labels, value: point(s.t, s.v) })) };
    case "matrix":
      return { resultType: "matrix", result: r.series.map((s) => ({ metric: s.labels, values: s.points.map((p) => point(p.t, p.v)) })) };
  }
}

export function classify(err: unknown): ErrorType | undefined {
  if (err instanceof BadDataError || err instanceof PromQLSyntaxError || err instanceof PromQLTypeError || err instanceof InvalidMatcherError) return "bad_data";
  if (err instanceof PromQLTimeoutError) return "timeout";
  if (err instanceof PromQLCanceledError) return "canceled";
  if (err instanceof PromQLExecutionError) return "execution";
  return undefined;
}

async function readParams(req: http.IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.searchParams);
  if (req.method === "POST") {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params.append(k, v);
  }
  return params;
}

function run(path: string, p: URLSearchParams, deps: PromQueryDeps, signal: AbortSignal): QueryResult | Promise<QueryResult> {
  const query = p.get("query");
  if (query === null || query === "") throw new BadDataError('invalid parameter "query": missing');
  const limits = deps.limits ?? {};
  const requested = parseDurationParam("timeout", p.get("timeout"));
  const timeoutMs = Math.min(requested ?? Number.POSITIVE_INFINITY, limits.timeoutMs ?? 120_000);
  const clock = deps.clock ?? (() => performance.now());
  const opts = { maxSamples: limits.maxSamples, timeoutMs, clock, lookbackDelta: limits.lookbackDeltaMs, signal };
  if (path === "/api/v1/query") {
    const t = parseTimeParam("time", p.get("time"), Math.round((deps.now ?? Date.now)()));
    return instantQuery(deps.querier, query, t, opts);
  }
  const start = parseTimeParam("start", p.get("start"));
  const end = parseTimeParam("end", p.get("end"));
  if (end < start) throw new BadDataError('invalid parameter "end": end timestamp must not be before start time');
  const step = parseDurationParam("step", p.get("step"));
  if (step === undefined) throw new BadDataError('invalid parameter "step": missing');
  if (step <= 0) throw new BadDataError('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((end - start) / step > MAX_POINTS) {
    throw new BadDataError("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
  }
  return rangeQueryAsync(deps.querier, query, start, end, step, opts);
}

/** Answers /api/v1/query and /api/v1/query_range (GET or form POST); false for any other path. */
export async function handlePromQuery(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: PromQueryDeps): Promise<boolean> {
  const path = url.pathname;
  if (path !== "/api/v1/query" && path !== "/api/v1/query_range") return false;
  if (req.method !== "GET" && req.method !== "POST") {
    send(res, 405, { status: "error", errorType: "bad_data", error: `method ${req.method} not allowed` });
    return true;
  }
  // A client that goes away cancels its query (checked between steps of a range query).
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableEnded) abort.abort();
  });
  try {
    const result = await run(path, await readParams(req, url), deps, abort.signal);
    send(res, 200, { status: "success", data: toApiData(result) });
  } catch (err) {
    const type = classify(err);
    if (!type) throw err;
    send(res, STATUS[type], { status: "error", errorType: type, error: (err as Error).message });
  }
  return true;
}
