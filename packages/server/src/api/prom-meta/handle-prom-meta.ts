// /api/v1/series, /api/v1/labels, /api/v1/label/<name>/values and /api/v1/metadata over a
// Querier, as Prometheus answers them.
import type http from "node:http";
import type { LabelMatcher, Labels, Querier } from "../../tsdb/types.ts";
import { labelsKey } from "../../tsdb/labels.ts";
import { InvalidMatcherError } from "../../tsdb/types.ts";
import { ApiError, sendData, sendError } from "./envelope.ts";
import { parseLimit, parseMatches, parseRange } from "./params.ts";

export interface MetricMetadata {
  name: string;
  type: string;
  help: string;
}

export interface PromMetaDeps {
  querier: Querier;
  /** Metric families zoosight exports (type and help), for /api/v1/metadata. */
  metadata?: () => readonly MetricMetadata[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PREFIX = "/api/v1/label/";

/** Answers the request when it is one of these endpoints; false otherwise (nothing sent). */
export async function handlePromMeta(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: PromMetaDeps): Promise<boolean> {
  const path = url.pathname;
  const isValues = path.startsWith(PREFIX) && path.endsWith("/values");
  if (path !== "/api/v1/series" && path !== "/api/v1/labels" && path !== "/api/v1/metadata" && !isValues) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendError(res, "bad_data", `method ${req.method} not allowed; use GET`);
    return true;
  }
  try {
    const p = url.searchParams;
    if (path === "/api/v1/series") sendData(res, series(deps.querier, p));
    else if (path === "/api/v1/labels") sendData(res, limited(namesOrValues(deps.querier, p, undefined), parseLimit(p)));
    else if (path === "/api/v1/metadata") sendData(res, metadata(deps, p));
    else {
      const name = decodeURIComponent(path.slice(PREFIX.length, -"/values".length));
      if (!LABEL_NAME.test(name)) throw new ApiError("bad_data", `invalid label name: "${name}"`);
      sendData(res, limited(namesOrValues(deps.querier, p, name), parseLimit(p)));
    }
  } catch (err) {
    if (err instanceof ApiError) sendError(res, err.errorType, err.message);
    else if (err instanceof InvalidMatcherError) sendError(res, "bad_data", err.message);
    else sendError(res, "internal", (err as Error).message);
  }
  return true;
}

function limited<T>(xs: T[], limit: number): T[] {
  return limit > 0 ? xs.slice(0, limit) : xs;
}

function series(q: Querier, p: URLSearchParams): Labels[] {
  const matches = parseMatches(p);
  if (matches.length === 0) throw new ApiError("bad_data", "no match[] parameter provided");
  const { start, end } = parseRange(p);
  const out = new Map<string, Labels>();
  for (const ms of matches) for (const s of q.select(ms, start, end)) out.set(labelsKey(s.labels), s.labels);
  return limited([...out.values()], parseLimit(p));
}

function namesOrValues(q: Querier, p: URLSearchParams, label: string | undefined): string[] {
  const matches: (LabelMatcher[] | undefined)[] = parseMatches(p);
  if (matches.length === 0) matches.push(undefined);
  const { start, end } = parseRange(p);
  const out = new Set<string>();
  for (const ms of matches) for (const x of label === undefined ? q.labelNames(start, end, ms) : q.labelValues(label, start, end, ms)) out.add(x);
  return [...out].sort();
}

function metadata(deps: PromMetaDeps, p: URLSearchParams): Record<string, { type: string; help: string; unit: string }[]> {
  const limit = parseLimit(p);
  const only = p.get("metric");
  const out: Record<string, { type: string; help: string; unit: string }[]> = {};
  let n = 0;
  for (const m of deps.metadata?.() ?? []) {
    if ((only !== null && only !== "" && m.name !== only) || out[m.name]) continue;
    if (limit > 0 && n >= limit) break;
    out[m.name] = [{ type: m.type, help: m.help, unit: "" }];
    n++;
  }
  return out;
}
