// GET/POST /api/v2/silences, GET/DELETE /api/v2/silence/{id}.
import type { Dispatcher, Matcher, Silence } from "../../alerting/index.ts";
import { MatcherError, SilenceError } from "../../alerting/index.ts";
import { matcher, matches } from "../../alerting/matcher.ts";
import { filters } from "./alerts.ts";
import { ApiError, iso, parseTime } from "./http-util.ts";

export function gettableSilence(d: Dispatcher, s: Silence): Record<string, unknown> {
  return {
    id: s.id,
    status: { state: d.silences.state(s) },
    updatedAt: iso(s.updatedAt),
    matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.type === "=~" || m.type === "!~", isEqual: m.type === "=" || m.type === "=~" })),
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

const ORDER = { active: 0, pending: 1, expired: 2 } as const;

export function listSilences(d: Dispatcher, url: URL): unknown[] {
  const ms = filters(url);
  // like Alertmanager: every filter must match one of the silence's matchers of the same name,
  // an equality matcher by its value, any other by identical type and pattern
  const hit = (f: Matcher, m: Matcher) => f.name === m.name && ((m.type === "=" && matches(f, { [m.name]: m.value })) || (m.type === f.type && m.value === f.value));
  return d.silences
    .all()
    .filter((s) => ms.every((f) => s.matchers.some((m) => hit(f, m))))
    .sort((a, b) => ORDER[d.silences.state(a)] - ORDER[d.silences.state(b)] || a.endsAt - b.endsAt)
    .map((s) => gettableSilence(d, s));
}

function toMatcher(raw: unknown, i: number): Matcher {
  if (typeof raw !== "object" || raw === null) throw new ApiError(400, `matchers[${i}] must be an object`);
  const m = raw as { name?: unknown; value?: unknown; isRegex?: unknown; isEqual?: unknown };
  if (typeof m.name !== "string" || m.name === "") throw new ApiError(400, `matchers[${i}].name is required`);
  if (typeof m.value !== "string") throw new ApiError(400, `matchers[${i}].value is required`);
  const eq = m.isEqual !== false;
  const type = m.isRegex === true ? (eq ? "=~" : "!~") : eq ? "=" : "!=";
  try {
    return matcher(m.name, type, m.value);
  } catch (err) {
    if (err instanceof MatcherError) throw new ApiError(400, err.message);
    throw err;
  }
}

export function postSilence(d: Dispatcher, body: unknown): { silenceID: string } {
  if (typeof body !== "object" || body === null) throw new ApiError(400, "body must be a silence object");
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.matchers)) throw new ApiError(400, "matchers is required");
  const startsAt = parseTime(b.startsAt, "startsAt");
  const endsAt = parseTime(b.endsAt, "endsAt");
  if (startsAt === undefined || endsAt === undefined) throw new ApiError(400, "startsAt and endsAt are required");
  try {
    const id = d.silences.set({
      ...(typeof b.id === "string" && b.id !== "" ? { id: b.id } : {}),
      matchers: b.matchers.map(toMatcher),
      startsAt,
      endsAt,
      createdBy: typeof b.createdBy === "string" ? b.createdBy : "",
      comment: typeof b.comment === "string" ? b.comment : "",
    });
    return { silenceID: id };
  } catch (err) {
    if (err instanceof SilenceError) throw new ApiError(err.code === "SILENCE_NOT_FOUND" ? 404 : 400, err.message);
    throw err;
  }
}

export function getSilence(d: Dispatcher, id: string): unknown {
  const s = d.silences.get(id);
  if (!s) throw new ApiError(404, `silence ${id} not found`);
  return gettableSilence(d, s);
}

export function deleteSilence(d: Dispatcher, id: string): void {
  try {
    d.silences.expire(id);
  } catch (err) {
    if (err instanceof SilenceError) throw new ApiError(err.code === "SILENCE_NOT_FOUND" ? 404 : 500, err.message);
    throw err;
  }
}

