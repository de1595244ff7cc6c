// Shared by the serve-alerting*.test.ts end-to-end tests: `zoosight serve` run in-process (and
// stopped like SIGINT), a webhook receiver that keeps every notification, and condition waits.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Ensemble, ServerHandle } from "@zoosight/testkit";
import type { CliIO } from "../../../src/cli/command.ts";
import { main } from "../../../src/cli/main.ts";

export interface WebhookAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

export interface WebhookBody {
  version: string;
  status: string;
  receiver: string;
  groupKey: string;
  notification_reason?: string;
  alerts: WebhookAlert[];
}

export interface Webhook {
  url: string;
  /** Every notification body, in arrival order. */
  received: WebhookBody[];
  /** Notifications that carry `alertname` with `status` (one per message, not per alert). */
  count(alertname: string, status: "firing" | "resolved"): number;
  /** The status of `alertname` in each notification that carries it, in arrival order. */
  statuses(alertname: string): string[];
  /** One line per notification with its arrival time, for failure messages. */
  timeline(): string;
  close(): Promise<void>;
}

/** A receiver for Alertmanager webhook payloads (zoosight's own or a real Alertmanager's). */
export async function startWebhook(): Promise<Webhook> {
  const received: WebhookBody[] = [];
  const lines: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const b = JSON.parse(body) as WebhookBody;
      received.push(b);
      const alerts = b.alerts.map((a) => `${a.status} ${a.labels.alertname}${a.labels.server ? `@${a.labels.server}` : ""}`);
      lines.push(`${new Date().toISOString()} ${b.notification_reason ?? b.status}: ${alerts.join(", ")}`);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    statuses: (alertname) => received.flatMap((b) => b.alerts.filter((a) => a.labels.alertname === alertname).map((a) => a.status)),
    count: (alertname, status) => received.filter((b) => b.alerts.some((a) => a.labels.alertname === alertname && a.status === status)).length,
    timeline: () => lines.join("\n"),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Waits until `fn` gives a value (errors count as "not yet"); throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, context: () => string = () => ""): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}${context()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** `servers: [...]` of the ensemble, with AdminServer ports, as zoosight.yaml wants them. */
export function serversYaml(ensemble: Ensemble): string {
  return `[${ensemble.servers.map((s) => `"${s.clientAddress}@${s.adminPort}"`).join(", ")}]`;
}

/**
 * zoosight.yaml with one ensemble and the given alerting part (route/receivers/... lines).
 * Group timings are short so that the tests wait seconds, not minutes.
 */
export function writeServeConfig(dir: string, ensembleName: string, ensemble: Ensemble, alerting: string[]): string {
  const file = join(dir, "zoosight.yaml");
  writeFileSync(file, ["ensembles:", `  - name: ${ensembleName}`, `    servers: ${serversYaml(ensemble)}`, ...alerting, ""].join("\n"));
  return file;
}

export interface RunningServe {
  /** http://host:port of the API. */
  base: string;
  /** stderr so far. */
  stderr(): string;
  /** Interrupts (like SIGINT) and asserts a clean exit. */
  stop(): Promise<void>;
}

/** Starts `zoosight serve --config zoosight.yaml --data data` in `dir` and waits until it listens. */
export async function startServe(dir: string, extra: string[] = ["--interval", "500"]): Promise<RunningServe> {
  let err = "";
  let interrupt: () => void = () => {};
  const io: CliIO = {
    stdout: () => {},
    stderr: (t) => {
      err += t;
    },
    env: {},
    cwd: dir,
    interrupted: new Promise<void>((resolve) => {
      interrupt = resolve;
    }),
  };
  const done = main(["serve", "--config", "zoosight.yaml", "--port", "0", "--data", "data", ...extra], io);
  let exited: number | undefined;
  void done.then((c) => (exited = c));
  const addr = await until("serve listening", () => {
    if (exited !== undefined) throw new Error(`serve exited ${exited}: ${err}`);
    return /listening on http:\/\/(\S+) /.exec(err)?.[1];
  });
  return {
    base: `http://${addr}`,
    stderr: () => err,
    async stop() {
      interrupt();
      assert.equal(await done, 0, err);
    },
  };
}

export interface ApiAlert {
  labels: Record<string, string>;
  status: { state: "active" | "suppressed" | "unprocessed"; inhibitedBy: string[]; silencedBy: string[] };
  endsAt: string;
}

/** The dispatcher's alerts through the Alertmanager API (GET /api/v2/alerts). */
export function amAlerts(base: string): Promise<ApiAlert[]> {
  return getJson<ApiAlert[]>(`${base}/api/v2/alerts`);
}

/** The rule engine's alerts (GET /api/v1/alerts): state pending or firing. */
export async function ruleAlerts(base: string): Promise<{ labels: Record<string, string>; state: string }[]> {
  return (await getJson<{ data: { alerts: { labels: Record<string, string>; state: string }[] } }>(`${base}/api/v1/alerts`)).data.alerts;
}

/** Waits until zoosight has stored a leader for the ensemble and returns zookeeper_ensemble_leader_changes_total. */
export async function leaderChanges(base: string, ensembleName: string): Promise<number> {
  const q = await getJson<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
    `${base}/api/v1/query?query=${encodeURIComponent(`zookeeper_ensemble_leader_changes_total{ensemble="${ensembleName}"}`)}`,
  );
  const v = q.data.result[0]?.value[1];
  if (v === undefined) throw new Error("no leader_changes_total yet");
  return Number(v);
}

/** Waits until the store holds a few collections of the leader counter (increase() needs them). */
export async function waitBaseline(base: string, ensembleName: string): Promise<number> {
  const count = `count_over_time(zookeeper_ensemble_leader_changes_total{ensemble="${ensembleName}"}[1m])`;
  await until("a baseline of collections", async () => {
    const q = await getJson<{ data: { result: { value: [number, string] }[] } }>(`${base}/api/v1/query?query=${encodeURIComponent(count)}`);
    return Number(q.data.result[0]?.value[1]) >= 4 ? true : undefined;
  });
  return leaderChanges(base, ensembleName);
}

export interface LostQuorum {
  first: ServerHandle;
  second: ServerHandle;
  survivor: ServerHandle;
  /** ms since epoch just before the second SIGKILL: the quorum is lost from then on. */
  lostAt: number;
}

/**
 * SIGKILLs the leader and, once zoosight has seen the new one, SIGKILLs that one too: the quorum
 * is lost seconds after the first kill, before the first victim's ServerDown (for: 15s) fires.
 */
export async function loseQuorum(ensemble: Ensemble, base: string, ensembleName: string): Promise<LostQuorum> {
  const before = await leaderChanges(base, ensembleName);
  const first = await ensemble.leader();
  await first.kill();
  await until("zoosight sees the new leader", async () => ((await leaderChanges(base, ensembleName)) > before ? true : undefined), 60_000);
  // A slow election may have fired quorum lost already; let it close so the real loss is its own
  // occurrence (a new startsAt), then take the quorum away.
  const serving = `zookeeper_ensemble_voters_serving{ensemble="${ensembleName}"} >= zookeeper_ensemble_quorum_needed{ensemble="${ensembleName}"}`;
  await until(
    "the new leader serving with a quorum, quorum lost not held by the rules",
    async () => {
      const q = await getJson<{ data: { result: unknown[] } }>(`${base}/api/v1/query?query=${encodeURIComponent(serving)}`);
      if (q.data.result.length === 0) return undefined;
      return (await ruleAlerts(base)).some((a) => a.labels.alertname === "ZooKeeperQuorumLost" && a.labels.ensemble === ensembleName) ? undefined : true;
    },
    60_000,
  );
  const second = await ensemble.leader();
  const lostAt = Date.now();
  await second.kill();
  return { first, second, survivor: ensemble.servers.find((s) => s !== first && s !== second)!, lostAt };
}
