/**
 * Alertmanager API v2 subset (status, receivers, alerts, alerts/groups, silences, silence/{id}) so
 * amtool works against zoosight, plus zoosight's alerting extras under /api/zoosight/alerting/:
 * GET notifications (delivery history) and POST receivers/{name}/test.
 */
import type http from "node:http";
import type { Dispatcher } from "../../alerting/index.ts";
import { testReceiver, UnknownReceiverError } from "../../alerting/index.ts";
import { alertGroups, listAlerts, postAlerts } from "./alerts.ts";
import { ApiError, readJsonBody, sendError, sendJson } from "./http-util.ts";
import { deleteSilence, getSilence, listSilences, postSilence } from "./silences.ts";
import { receivers, status } from "./status.ts";

export interface AlertmanagerApiDeps {
  dispatcher: Dispatcher;
  /** Shown as versionInfo.version. */
  version?: string;
}

type Route = [method: string, pattern: RegExp, run: (req: http.IncomingMessage, url: URL, m: RegExpExecArray) => Promise<[number, unknown]> | [number, unknown]];

function routes(deps: AlertmanagerApiDeps): Route[] {
  const d = deps.dispatcher;
  return [
    ["GET", /^\/api\/v2\/status$/, () => [200, status(d, deps.version ?? "zoosight")]],
    ["GET", /^\/api\/v2\/receivers$/, () => [200, receivers(d)]],
    ["GET", /^\/api\/v2\/alerts$/, (_r, url) => [200, listAlerts(d, url)]],
    ["POST", /^\/api\/v2\/alerts$/, async (req) => {
      postAlerts(d, await readJsonBody(req));
      return [200, undefined];
    }],
    ["GET", /^\/api\/v2\/alerts\/groups$/, (_r, url) => [200, alertGroups(d, url)]],
    ["GET", /^\/api\/v2\/silences$/, (_r, url) => [200, listSilences(d, url)]],
    ["POST", /^\/api\/v2\/silences$/, async (req) => [200, postSilence(d, await readJsonBody(req))]],
    ["GET", /^\/api\/v2\/silence\/([^/]+)$/, (_r, _u, m) => [200, getSilence(d, decodeURIComponent(m[1]!))]],
    ["DELETE", /^\/api\/v2\/silence\/([^/]+)$/, (_r, _u, m) => {
      deleteSilence(d, decodeURIComponent(m[1]!));
      return [200, undefined];
    }],
    ["GET", /^\/api\/zoosight\/alerting\/notifications$/, (_r, url) => {
      const receiver = url.searchParams.get("receiver");
      return [200, { status: "success", data: d.history.list(receiver !== null ? { receiver } : {}) }];
    }],
    ["POST", /^\/api\/zoosight\/alerting\/receivers\/([^/]+)\/test$/, async (_r, _u, m) => {
      try {
        const results = await testReceiver(d, decodeURIComponent(m[1]!));
        return [results.every((r) => r.ok) ? 200 : 502, { status: results.every((r) => r.ok) ? "success" : "error", data: results }];
      } catch (err) {
        if (err instanceof UnknownReceiverError) throw new ApiError(404, err.message);
        throw err;
      }
    }],
  ];
}

/** Handles the request when the path is one of ours; returns false otherwise. */
export async function handleAlertmanagerApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: AlertmanagerApiDeps): Promise<boolean> {
  const path = url.pathname;
  if (!path.startsWith("/api/v2/") && !path.startsWith("/api/zoosight/alerting/")) return false;
  const candidates = routes(deps)
    .map(([method, re, run]) => ({ method, m: re.exec(path), run }))
    .filter((c) => c.m !== null);
  if (candidates.length === 0) {
    sendError(res, new ApiError(404, `no such path: ${path}`));
    return true;
  }
  const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
  const c = candidates.find((x) => x.method === method);
  if (!c) {
    res.setHeader("allow", candidates.map((x) => x.method).join(", "));
    sendError(res, new ApiError(405, `method ${req.method} not allowed`));
    return true;
  }
  try {
    const [code, body] = await c.run(req, url, c.m!);
    sendJson(res, code, body);
  } catch (err) {
    if (err instanceof ApiError) sendError(res, err);
    else sendError(res, new ApiError(500, (err as Error).message));
  }
  return true;
}
