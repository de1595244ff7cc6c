// Query parameters of the Prometheus API: times (RFC 3339 or Unix seconds) and match[].
import type { LabelMatcher } from "../../tsdb/types.ts";
import { ApiError } from "./envelope.ts";
import { parseSelector, SelectorError } from "./selector.ts";

/** Prometheus's defaults for an absent start/end (minTime/maxTime), in milliseconds. */
export const MIN_TIME_MS = -9_223_372_036_854;
export const MAX_TIME_MS = 9_223_372_036_854;

/** Parses a time parameter into milliseconds; `fallback` when absent. */
export function parseTime(params: URLSearchParams, name: string, fallback: number): number {
  const text = params.get(name);
  if (text === null || text === "") return fallback;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    if (Number.isFinite(ms)) return Math.max(MIN_TIME_MS, Math.min(MAX_TIME_MS, ms));
  }
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw new ApiError("bad_data", `invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
}

export function parseRange(params: URLSearchParams): { start: number; end: number } {
  const start = parseTime(params, "start", MIN_TIME_MS);
  const end = parseTime(params, "end", MAX_TIME_MS);
  if (end < start) throw new ApiError("bad_data", 'invalid parameter "end": end timestamp must not be before start time');
  return { start, end };
}

/** Every match[] selector, parsed; an empty list when none was given. */
export function parseMatches(params: URLSearchParams): LabelMatcher[][] {
  return params.getAll("match[]").map((text) => {
    try {
      return parseSelector(text);
    } catch (err) {
      if (err instanceof SelectorError) throw new ApiError("bad_data", `invalid parameter "match[]": ${err.message}`);
      throw err;
    }
  });
}

/** A non-negative integer `limit` (0 or absent: no limit). */
export function parseLimit(params: URLSearchParams): number {
  const text = params.get("limit");
  if (text === null || text === "") return 0;
  if (!/^\d+$/.test(text)) throw new ApiError("bad_data", `invalid parameter "limit": cannot parse "${text}" to a non-negative integer`);
  return Number(text);
}
