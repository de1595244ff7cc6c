// Prometheus's GET /api/v1/rules and GET /api/v1/alerts over a RuleManager, in Prometheus's
// JSON shapes (docs/querying/api.md), so Grafana and promtool-style clients read them unchanged.
import type http from "node:http";
import type { ActiveAlert } from "../../rules/alerting-rule.ts";
import { AlertingRule } from "../../rules/alerting-rule.ts";
import type { RuleGroup } from "../../rules/group.ts";
import { goV } from "../../rules/template/index.ts";

export interface PromRulesDeps {
  groups(): readonly RuleGroup[];
}

function iso(ms: number | undefined): string {
  return ms === undefined ? "0001-01-01T00:00:00Z" : new Date(ms).toISOString();
}

function alertView(a: ActiveAlert): unknown {
  return {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: iso(a.activeAt),
    value: goV(a.value),
    ...(a.keepFiringSince !== undefined ? { keepFiringSince: iso(a.keepFiringSince) } : {}),
  };
}

function active(r: AlertingRule): ActiveAlert[] {
  return r.alerts().filter((a) => a.state !== "inactive");
}

export function rulesView(groups: readonly RuleGroup[], url: URL): unknown {
  const type = url.searchParams.get("type");
  const names = url.searchParams.getAll("rule_name[]");
  const groupNames = url.searchParams.getAll("rule_group[]");
  const files = url.searchParams.getAll("file[]");
  const excludeAlerts = url.searchParams.get("exclude_alerts") === "true";
  const out = [];
  for (const g of groups) {
    if (groupNames.length > 0 && !groupNames.includes(g.name)) continue;
    if (files.length > 0 && !files.includes(g.file)) continue;
    const rules = [];
    for (const r of g.rules) {
      if (names.length > 0 && !names.includes(r.name)) continue;
      const h = g.health.get(r)!;
      const common = {
        name: r.name,
        query: r.spec.expr,
        labels: r.spec.labels,
        health: h.health,
        lastError: h.lastError || undefined,
        evaluationTime: h.evaluationMs / 1000,
        lastEvaluation: iso(h.lastEvaluation),
      };
      if (r instanceof AlertingRule) {
        if (type === "record") continue;
        const alerts = active(r);
        rules.push({
          state: r.state(),
          ...common,
          duration: r.spec.forMs / 1000,
          keepFiringFor: r.spec.keepFiringForMs / 1000,
          annotations: r.spec.annotations,
          ...(excludeAlerts ? {} : { alerts: alerts.map(alertView) }),
          type: "alerting",
        });
      } else {
        if (type === "alert") continue;
        rules.push({ ...common, type: "recording" });
      }
    }
    if ((type || names.length > 0) && rules.length === 0) continue;
    out.push({
      name: g.name,
      file: g.file,
      rules,
      interval: g.intervalMs / 1000,
      limit: g.spec.limit,
      evaluationTime: g.evaluationMs / 1000,
      lastEvaluation: iso(g.lastEvaluation),
    });
  }
  return { groups: out };
}

export function alertsView(groups: readonly RuleGroup[]): unknown {
  const alerts = groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => r instanceof AlertingRule).flatMap((r) => active(r).map(alertView)));
  return { alerts };
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  const body = `${JSON.stringify(value)}\n`;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Handles /api/v1/rules and /api/v1/alerts; returns false for any other path. */
export async function handlePromRules(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: PromRulesDeps): Promise<boolean> {
  if (url.pathname !== "/api/v1/rules" && url.pathname !== "/api/v1/alerts") return false;
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST") {
    json(res, 405, { status: "error", errorType: "bad_data", error: `method ${req.method} not allowed` });
    return true;
  }
  const type = url.searchParams.get("type");
  if (url.pathname === "/api/v1/rules" && type !== null && type !== "alert" && type !== "record") {
    json(res, 400, { status: "error", errorType: "bad_data", error: `invalid type parameter '${type}': must be 'alert' or 'record'` });
    return true;
  }
  const groups = deps.groups();
  json(res, 200, { status: "success", data: url.pathname === "/api/v1/rules" ? rulesView(groups, url) : alertsView(groups) });
  return true;
}

