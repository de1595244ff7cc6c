// Parameters of /api/v1/query and /api/v1/query_range (web/api/v1/api.go parseTime,
// parseDuration): times as Unix seconds or RFC 3339, durations as seconds or 5m-style.
import { parseUnitDuration } from "../../promql/parse/literals.ts";

/** A request that cannot be understood: bad_data, HTTP 400. */
export class BadDataError extends Error {
  override name = "BadDataError";
}

export function parseTimeParam(name: string, text: string | null, fallback?: number): number {
  if (text === null || text === "") {
    if (fallback !== undefined) return fallback;
    throw new BadDataError(`invalid parameter "${name}": missing`);
  }
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    if (Number.isFinite(ms)) return ms;
  }
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw new BadDataError(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
}

export function parseDurationParam(name: string, text: string | null): number | undefined {
  if (text === null || text === "") return undefined;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    if (Number.isFinite(ms)) return ms;
  }
  const d = parseUnitDuration(text);
  if (d !== undefined) return d;
  throw new BadDataError(`invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
}
