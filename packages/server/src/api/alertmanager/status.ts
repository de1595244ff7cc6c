// GET /api/v2/status and /api/v2/receivers; the configuration is rendered with secrets masked.
import { stringify } from "yaml";
import type { AlertingConfig, Dispatcher, IntegrationConfig, RouteConfig } from "../../alerting/index.ts";
import { formatDuration } from "../../alerting/index.ts";
import { formatMatcher } from "../../alerting/matcher.ts";

const SECRET = "<secret>";

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/${SECRET}`;
  } catch {
    return SECRET;
  }
}

function integration(c: IntegrationConfig): [string, Record<string, unknown>] {
  switch (c.kind) {
    case "webhook":
      return ["webhook_configs", { url: maskUrl(c.url), send_resolved: c.sendResolved, max_alerts: c.maxAlerts }];
    case "slack":
      return ["slack_configs", { api_url: maskUrl(c.apiUrl), channel: c.channel, username: c.username, send_resolved: c.sendResolved }];
    case "email":
      return ["email_configs", { to: c.to, from: c.from, smarthost: c.smarthost, ...(c.authUsername ? { auth_username: c.authUsername, auth_password: SECRET } : {}), require_tls: c.requireTls, send_resolved: c.sendResolved }];
    case "alertmanager":
      return ["alertmanager_configs", { url: maskUrl(c.url), send_resolved: c.sendResolved }];
  }
}

function route(r: RouteConfig): Record<string, unknown> {
  return {
    receiver: r.receiver,
    group_by: r.groupBy ?? ["..."],
    ...(r.matchers.length ? { matchers: r.matchers.map(formatMatcher) } : {}),
    ...(r.continue ? { continue: true } : {}),
    group_wait: formatDuration(r.groupWaitMs),
    group_interval: formatDuration(r.groupIntervalMs),
    repeat_interval: formatDuration(r.repeatIntervalMs),
    ...(r.routes.length ? { routes: r.routes.map(route) } : {}),
  };
}

/** The effective configuration as Alertmanager YAML, secrets replaced by <secret>. */
export function renderConfig(c: AlertingConfig): string {
  const receivers = c.receivers.map((r) => {
    const out: Record<string, unknown> = { name: r.name };
    for (const i of r.integrations) {
      const [k, v] = integration(i);
      const list = (out[k] as unknown[] | undefined) ?? [];
      list.push(v);
      out[k] = list;
    }
    return out;
  });
  const inhibit = c.inhibitRules.map((r) => ({ source_matchers: r.sourceMatchers.map(formatMatcher), target_matchers: r.targetMatchers.map(formatMatcher), equal: r.equal }));
  return stringify({ global: { resolve_timeout: formatDuration(c.resolveTimeoutMs) }, route: route(c.route), receivers, ...(inhibit.length ? { inhibit_rules: inhibit } : {}) });
}

export function status(d: Dispatcher, version: string): unknown {
  const uptime = new Date(d.startedAt).toISOString();
  return {
    cluster: { status: "disabled", peers: [] },
    versionInfo: { version, revision: "", branch: "", buildUser: "zoosight", buildDate: "", goVersion: "none (zoosight, Node.js)" },
    config: { original: renderConfig(d.config) },
    uptime,
  };
}

export function receivers(d: Dispatcher): unknown[] {
  return d.config.receivers.map((r) => ({ name: r.name }));
}
