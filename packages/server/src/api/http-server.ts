// zoosight's HTTP surface: /metrics, /-/healthy, /-/ready, /api/zoosight/{ensembles,events}.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { EnsembleHealth } from "../health/ensemble-health.ts";
import { type AlertmanagerApiDeps, handleAlertmanagerApi } from "./alertmanager/index.ts";
import { handlePromQuery } from "./prom/index.ts";
import { handlePromRules, type PromRulesDeps } from "./prom-rules/index.ts";
import type { PromMetaDeps } from "./prom-meta/handle-prom-meta.ts";
import { handlePromMeta } from "./prom-meta/handle-prom-meta.ts";
import type { WatchService } from "./watch-service.ts";

export interface HttpServerOptions {
  service: WatchService;
  host: string;
  port: number;
  /** The time-series store's metadata endpoints (/api/v1/series, labels, metadata). */
  promMeta?: PromMetaDeps;
  /** More exposition text appended to /metrics (the store's own metrics). */
  extraMetrics?: () => string;
  /** Alertmanager API v2 subset and /api/zoosight/alerting/ when alerting is configured. */
  alertmanager?: AlertmanagerApiDeps;
  /** Prometheus's /api/v1/rules and /api/v1/alerts over the running rule manager. */
  promRules?: PromRulesDeps;
}

export interface RunningHttpServer {
  /** host:port actually bound (port 0 → the chosen port). */
  address: string;
  port: number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json; charset=utf-8", `${JSON.stringify(value)}\n`);
}

/** The health model as the API returns it: plain JSON (zxid as hex strings). */
export function ensembleView(h: EnsembleHealth, elections: number, leaderChanges: number): unknown {
  return { ...h, elections, leaderChanges };
}

export async function handle(
  service: WatchService,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  extra: Pick<HttpServerOptions, "promMeta" | "extraMetrics" | "alertmanager" | "promRules"> = {},
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (extra.alertmanager && (await handleAlertmanagerApi(req, res, url, extra.alertmanager))) return;
  if (extra.promRules && (await handlePromRules(req, res, url, extra.promRules))) return;
  if (extra.promMeta && (await handlePromQuery(req, res, url, { querier: extra.promMeta.querier }))) return;
  if (req.method !== "GET" && req.method !== "HEAD") {
    json(res, 405, { status: "error", error: `method ${req.method} not allowed` });
    return;
  }
  const path = url.pathname;
  if (extra.promMeta && (await handlePromMeta(req, res, url, extra.promMeta))) return;
  if (path === "/metrics") {
    send(res, 200, "text/plain; version=0.0.4; charset=utf-8", (await service.metricsAsync()) + (extra.extraMetrics?.() ?? ""));
  } else if (path === "/-/healthy") {
    send(res, 200, "text/plain; charset=utf-8", "zoosight is Healthy.\n");
  } else if (path === "/-/ready") {
    if (service.ready) send(res, 200, "text/plain; charset=utf-8", "zoosight is Ready.\n");
    else send(res, 503, "text/plain; charset=utf-8", "zoosight is not ready: first collection cycle still running.\n");
  } else if (path === "/api/zoosight/ensembles") {
    const data = service.tracker.all().map((h) => {
      const c = service.tracker.counters(h.name);
      return ensembleView(h, c.elections, c.leaderChanges);
    });
    json(res, 200, { status: "success", data });
  } else if (path.startsWith("/api/zoosight/ensembles/")) {
    const name = decodeURIComponent(path.slice("/api/zoosight/ensembles/".length));
    const h = service.tracker.latest(name);
    if (!h) json(res, 404, { status: "error", error: `no ensemble named '${name}'` });
    else {
      const c = service.tracker.counters(name);
      json(res, 200, { status: "success", data: ensembleView(h, c.elections, c.leaderChanges) });
    }
  } else if (path === "/api/zoosight/events") {
    const sinceText = url.searchParams.get("since");
    const since = sinceText === null ? 0 : Number(sinceText);
    if (!Number.isFinite(since)) {
      json(res, 400, { status: "error", error: `'since' must be milliseconds since the epoch, got '${sinceText}'` });
      return;
    }
    const ensemble = url.searchParams.get("ensemble");
    const events = service.tracker.events(since).filter((e) => ensemble === null || e.ensemble === ensemble);
    json(res, 200, { status: "success", data: events });
  } else {
    json(res, 404, { status: "error", error: `no such path: ${path}` });
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = http.createServer((req, res) => {
    handle(options.service, req, res, options).catch((err: Error) => {
      if (!res.headersSent) json(res, 500, { status: "error", error: err.message });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  return {
    address: `${options.host}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
