/** receivers[]: webhook_configs, slack_configs, email_configs and zoosight's alertmanager_configs. */
import type { Ctx, Path } from "./parse-config.ts";
import type { IntegrationConfig, ReceiverConfig } from "./types.ts";

function webhook(c: Ctx, v: unknown, path: Path): IntegrationConfig {
  const w = c.obj(v, path, ["url", "send_resolved", "max_alerts", "timeout"]);
  return {
    kind: "webhook",
    url: c.url(w.url, [...path, "url"]),
    sendResolved: c.bool(w.send_resolved, [...path, "send_resolved"], true),
    maxAlerts: c.int(w.max_alerts, [...path, "max_alerts"], 0),
    timeoutMs: c.duration(w.timeout, [...path, "timeout"], 10_000),
  };
}

function slack(c: Ctx, v: unknown, path: Path, g: Record<string, unknown>): IntegrationConfig {
  const s = c.obj(v, path, ["api_url", "channel", "username", "send_resolved", "title", "text"]);
  const apiUrl = s.api_url ?? g.slack_api_url;
  if (apiUrl === undefined) c.fail([...path, "api_url"], "is required (or set global.slack_api_url)");
  const title = c.str(s.title, [...path, "title"], { optional: true });
  const text = c.str(s.text, [...path, "text"], { optional: true });
  return {
    kind: "slack",
    apiUrl: c.url(apiUrl, [...path, "api_url"]),
    channel: c.str(s.channel, [...path, "channel"], { optional: true }) ?? "",
    username: c.str(s.username, [...path, "username"], { optional: true }) ?? "zoosight",
    sendResolved: c.bool(s.send_resolved, [...path, "send_resolved"], false),
    ...(title !== undefined ? { title } : {}),
    ...(text !== undefined ? { text } : {}),
  };
}

function email(c: Ctx, v: unknown, path: Path, g: Record<string, unknown>): IntegrationConfig {
  const e = c.obj(v, path, ["to", "from", "smarthost", "auth_username", "auth_password", "require_tls", "send_resolved"]);
  const smarthost = c.reqStr(e.smarthost ?? g.smtp_smarthost, [...path, "smarthost"]);
  if (!/^[^:\s]+:\d+$/.test(smarthost) && !/^\[[^\]]+\]:\d+$/.test(smarthost)) c.fail([...path, "smarthost"], `'${smarthost}' must be host:port`);
  const user = c.str(e.auth_username ?? g.smtp_auth_username, [...path, "auth_username"], { optional: true });
  const pass = c.str(e.auth_password ?? g.smtp_auth_password, [...path, "auth_password"], { optional: true, secret: true });
  if ((user === undefined) !== (pass === undefined)) c.fail([...path, user === undefined ? "auth_username" : "auth_password"], "auth_username and auth_password go together");
  const to = c.reqStr(e.to, [...path, "to"]);
  if (!to.includes("@")) c.fail([...path, "to"], `'${to}' is not an e-mail address`);
  const from = c.reqStr(e.from ?? g.smtp_from, [...path, "from"]);
  if (!from.includes("@")) c.fail([...path, "from"], `'${from}' is not an e-mail address`);
  return {
    kind: "email",
    to,
    from,
    smarthost,
    ...(user !== undefined ? { authUsername: user, authPassword: pass as string } : {}),
    requireTls: c.bool(e.require_tls ?? g.smtp_require_tls, [...path, "require_tls"], true),
    sendResolved: c.bool(e.send_resolved, [...path, "send_resolved"], false),
  };
}

function forward(c: Ctx, v: unknown, path: Path): IntegrationConfig {
  const a = c.obj(v, path, ["url", "send_resolved", "timeout"]);
  return {
    kind: "alertmanager",
    url: c.url(a.url, [...path, "url"]),
    sendResolved: c.bool(a.send_resolved, [...path, "send_resolved"], true),
    timeoutMs: c.duration(a.timeout, [...path, "timeout"], 10_000),
  };
}

export function parseReceiver(c: Ctx, v: unknown, path: Path, g: Record<string, unknown>): ReceiverConfig {
  const r = c.obj(v, path, ["name", "webhook_configs", "slack_configs", "email_configs", "alertmanager_configs"]);
  const name = c.reqStr(r.name, [...path, "name"]);
  const integrations: IntegrationConfig[] = [
    ...c.list(r.webhook_configs, [...path, "webhook_configs"]).map((x, i) => webhook(c, x, [...path, "webhook_configs", i])),
    ...c.list(r.slack_configs, [...path, "slack_configs"]).map((x, i) => slack(c, x, [...path, "slack_configs", i], g)),
    ...c.list(r.email_configs, [...path, "email_configs"]).map((x, i) => email(c, x, [...path, "email_configs", i], g)),
    ...c.list(r.alertmanager_configs, [...path, "alertmanager_configs"]).map((x, i) => forward(c, x, [...path, "alertmanager_configs", i])),
  ];
  return { name, integrations };
}
