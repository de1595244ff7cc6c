// GET/POST /api/v2/alerts and GET /api/v2/alerts/groups (Alertmanager API v2 shapes).
import type { Dispatcher, Matcher, StoredAlert } from "../../alerting/index.ts";
import { MatcherError, matchesAll, parseMatchers } from "../../alerting/index.ts";
import { ApiError, boolParam, iso, parseTime } from "./http-util.ts";

export function filters(url: URL): Matcher[] {
  try {
    return url.searchParams.getAll("filter").flatMap((f) => parseMatchers(f));
  } catch (err) {
    if (err instanceof MatcherError) throw new ApiError(400, err.message);
    throw err;
  }
}

function receiverRegex(url: URL): RegExp | undefined {
  const r = url.searchParams.get("receiver");
  if (r === null || r === "") return undefined;
  try {
    return new RegExp(`^(?:${r})$`);
  } catch {
    throw new ApiError(400, `receiver: invalid regular expression`);
  }
}

export function gettableAlert(d: Dispatcher, a: StoredAlert): Record<string, unknown> {
  const st = d.status(a);
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    updatedAt: iso(a.updatedAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
    receivers: d.receiversFor(a).map((name) => ({ name })),
    status: { state: st.state, silencedBy: st.silencedBy, inhibitedBy: st.inhibitedBy, mutedBy: [] },
  };
}

/** Non-resolved alerts selected by the query parameters Alertmanager accepts. */
export function selectAlerts(d: Dispatcher, url: URL): StoredAlert[] {
  const active = boolParam(url, "active", true);
  const silenced = boolParam(url, "silenced", true);
  const inhibited = boolParam(url, "inhibited", true);
  const ms = filters(url);
  const re = receiverRegex(url);
  return d.firing().filter((a) => {
    if (!matchesAll(ms, a.labels)) return false;
    if (re && !d.receiversFor(a).some((r) => re.test(r))) return false;
    const st = d.status(a);
    if (st.state === "active") return active;
    if (st.silencedBy.length > 0 && !silenced) return false;
    if (st.inhibitedBy.length > 0 && !inhibited) return false;
    return true;
  });
}

export function listAlerts(d: Dispatcher, url: URL): unknown[] {
  return selectAlerts(d, url)
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))
    .map((a) => gettableAlert(d, a));
}

export function alertGroups(d: Dispatcher, url: URL): unknown[] {
  const selected = new Set(selectAlerts(d, url).map((a) => a.fingerprint));
  return d
    .activeGroups()
    .map((g) => ({
      labels: g.labels,
      receiver: { name: g.route.config.receiver },
      alerts: [...g.alerts.values()].filter((a) => selected.has(a.fingerprint)).map((a) => gettableAlert(d, a)),
    }))
    .filter((g) => g.alerts.length > 0);
}

export function postAlerts(d: Dispatcher, body: unknown): void {
  if (!Array.isArray(body)) throw new ApiError(400, "body must be a JSON array of alerts");
  const alerts = body.map((raw, i) => {
    if (typeof raw !== "object" || raw === null) throw new ApiError(400, `alerts[${i}] must be an object`);
    const a = raw as Record<string, unknown>;
    const labels = a.labels as Record<string, unknown> | undefined;
    if (!labels || typeof labels !== "object" || Object.keys(labels).length === 0) throw new ApiError(400, `alerts[${i}].labels must be a non-empty object`);
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new ApiError(400, `alerts[${i}].labels.${k} must be a string`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ApiError(400, `alerts[${i}]: '${k}' is not a valid label name`);
    }
    const annotations = (a.annotations ?? {}) as Record<string, string>;
    const startsAt = parseTime(a.startsAt, `alerts[${i}].startsAt`);
    const endsAt = parseTime(a.endsAt, `alerts[${i}].endsAt`);
    if (startsAt !== undefined && endsAt !== undefined && endsAt < startsAt) throw new ApiError(400, `alerts[${i}]: endsAt is before startsAt`);
    return {
      labels: labels as Record<string, string>,
      annotations,
      ...(startsAt !== undefined ? { startsAt } : {}),
      ...(endsAt !== undefined ? { endsAt } : {}),
      generatorURL: typeof a.generatorURL === "string" ? a.generatorURL : "",
    };
  });
  d.post(alerts);
}
