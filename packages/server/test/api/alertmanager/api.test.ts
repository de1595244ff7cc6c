import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { Dispatcher, parseAlertingConfig } from "../../../src/alerting/index.ts";
import { handleAlertmanagerApi } from "../../../src/api/alertmanager/index.ts";
import { type HttpTarget, httpTarget } from "../../alerting/http-target.ts";

describe("api > alertmanager > HTTP shapes and errors", () => {
  let server: http.Server;
  let d: Dispatcher;
  let hook: HttpTarget;
  let base = "";
  const req = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}) });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  before(async () => {
    hook = await httpTarget();
    d = new Dispatcher({
      config: parseAlertingConfig({
        route: { receiver: "ops", group_by: ["ensemble"], group_wait: "1h" },
        receivers: [{ name: "ops", webhook_configs: [{ url: `${hook.url}/hook` }] }, { name: "broken", webhook_configs: [{ url: `${hook.url}/broken` }] }],
        inhibit_rules: [{ source_matchers: ['alertname="QuorumLost"'], target_matchers: ['scope="server"'], equal: ["ensemble"] }],
      }),
      retry: { initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    server = http.createServer((rq, rs) => {
      handleAlertmanagerApi(rq, rs, new URL(rq.url ?? "/", "http://x"), { dispatcher: d }).then((h) => {
        if (!h) rs.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    d.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await hook.close();
  });

  test("POST /api/v2/alerts, then GET alerts (status with inhibitedBy), alerts/groups, receivers, status", async () => {
    const post = await req("POST", "/api/v2/alerts", [
      { labels: { alertname: "QuorumLost", ensemble: "a" }, startsAt: "2026-01-01T00:00:00Z" },
      { labels: { alertname: "Down", ensemble: "a", scope: "server", instance: "zk1" } },
      { labels: { alertname: "Old", ensemble: "b" }, startsAt: "2020-01-01T00:00:00Z", endsAt: "2020-01-01T01:00:00Z" },
    ]);
    assert.equal(post.status, 200);
    const all = (await req("GET", "/api/v2/alerts")).body as { labels: Record<string, string>; startsAt: string; status: { state: string; inhibitedBy: string[] }; fingerprint: string }[];
    assert.deepEqual(all.map((a) => a.labels.alertname).sort(), ["Down", "QuorumLost"], "resolved alerts are not listed");
    const down = all.find((a) => a.labels.alertname === "Down")!;
    const quorum = all.find((a) => a.labels.alertname === "QuorumLost")!;
    assert.equal(quorum.startsAt, "2026-01-01T00:00:00.000Z");
    assert.deepEqual(down.status, { state: "suppressed", silencedBy: [], inhibitedBy: [quorum.fingerprint], mutedBy: [] });
    assert.deepEqual(((await req("GET", "/api/v2/alerts?inhibited=false")).body as unknown[]).length, 1);
    const groups = (await req("GET", "/api/v2/alerts/groups")).body as { labels: Record<string, string>; receiver: { name: string }; alerts: unknown[] }[];
    assert.deepEqual(groups.map((g) => [g.labels, g.receiver.name, g.alerts.length]), [[{ ensemble: "a" }, "ops", 2]]);
    assert.deepEqual((await req("GET", "/api/v2/receivers")).body, [{ name: "ops" }, { name: "broken" }]);
    const st = (await req("GET", "/api/v2/status")).body as { cluster: { status: string }; config: { original: string } };
    assert.equal(st.cluster.status, "disabled");
    assert.match(st.config.original, /inhibit_rules/);
    assert.doesNotMatch(st.config.original, /\/hook/, "webhook paths are masked");
  });

  test("bad requests: 400 with a reason, 404 unknown silence, 405 wrong method", async () => {
    assert.equal((await req("POST", "/api/v2/alerts", { labels: {} })).status, 400);
    const bad = await req("POST", "/api/v2/alerts", [{ labels: { "bad-name": "x" } }]);
    assert.equal(bad.status, 400);
    assert.match(String(bad.body), /bad-name/);
    assert.equal((await req("POST", "/api/v2/alerts", [{ labels: { a: "b" }, startsAt: "yesterday" }])).status, 400);
    assert.equal((await req("GET", "/api/v2/alerts?filter=%3Dbroken")).status, 400);
    const noComment = await req("POST", "/api/v2/silences", { matchers: [{ name: "a", value: "b", isRegex: false }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), createdBy: "me", comment: "" });
    assert.equal(noComment.status, 400);
    assert.match(String(noComment.body), /comment/);
    assert.equal((await req("GET", "/api/v2/silence/nope")).status, 404);
    assert.equal((await req("DELETE", "/api/v2/silence/nope")).status, 404);
    assert.equal((await req("POST", "/api/v2/silences", { id: "nope", matchers: [{ name: "a", value: "b", isRegex: false }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), createdBy: "me", comment: "c" })).status, 404);
    assert.equal((await req("PUT", "/api/v2/alerts")).status, 405);
    assert.equal((await req("GET", "/api/v2/nothing")).status, 404);
  });

  test("silence round trip with regex and negative matchers; GET /api/v2/silence/{id}", async () => {
    const now = Date.now();
    const made = (await req("POST", "/api/v2/silences", {
      matchers: [
        { name: "instance", value: "zk[12]", isRegex: true, isEqual: true },
        { name: "env", value: "dev", isRegex: false, isEqual: false },
      ],
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: "ops",
      comment: "upgrade",
    })).body as { silenceID: string };
    const got = (await req("GET", `/api/v2/silence/${made.silenceID}`)).body as { status: { state: string }; matchers: unknown[]; startsAt: string };
    assert.equal(got.status.state, "active");
    assert.ok(Date.parse(got.startsAt) >= now - 1000, "a start in the past is clamped to now");
    assert.deepEqual(got.matchers, [
      { name: "instance", value: "zk[12]", isRegex: true, isEqual: true },
      { name: "env", value: "dev", isRegex: false, isEqual: false },
    ]);
    const down = ((await req("GET", "/api/v2/alerts")).body as { labels: Record<string, string>; status: { silencedBy: string[] } }[]).find((a) => a.labels.alertname === "Down")!;
    assert.deepEqual(down.status.silencedBy, [made.silenceID]);
    assert.equal((await req("DELETE", `/api/v2/silence/${made.silenceID}`)).status, 200);
    assert.equal(((await req("GET", `/api/v2/silence/${made.silenceID}`)).body as { status: { state: string } }).status.state, "expired");
  });

  test("test-this-receiver and the notification history through the API", async () => {
    hook.statuses.push(200, 400);
    const ok = await req("POST", "/api/zoosight/alerting/receivers/ops/test");
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { status: "success", data: [{ integration: "webhook[0]", ok: true }] });
    const failed = await req("POST", "/api/zoosight/alerting/receivers/broken/test");
    assert.equal(failed.status, 502);
    assert.match(JSON.stringify(failed.body), /HTTP 400/);
    assert.equal((await req("POST", "/api/zoosight/alerting/receivers/nobody/test")).status, 404);
    const h = (await req("GET", "/api/zoosight/alerting/notifications?receiver=broken")).body as { data: { receiver: string; outcome: string; test: boolean; fingerprints: string[] }[] };
    assert.deepEqual(h.data.map((x) => [x.receiver, x.outcome, x.test, x.fingerprints.length]), [["broken", "failed", true, 1]]);
  });
});
