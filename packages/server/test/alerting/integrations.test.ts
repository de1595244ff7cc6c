import assert from "node:assert/strict";
import net from "node:net";
import { after, describe, test } from "node:test";
import { SMTPServer } from "smtp-server";
import { Dispatcher, fingerprint, NotifyError, parseAlertingConfig, type StoredAlert, testReceiver, UnknownReceiverError } from "../../src/alerting/index.ts";
import { AlertmanagerNotifier } from "../../src/alerting/integrations/alertmanager-forward.ts";
import { EmailNotifier } from "../../src/alerting/integrations/email.ts";
import { SlackNotifier } from "../../src/alerting/integrations/slack.ts";
import { WebhookNotifier } from "../../src/alerting/integrations/webhook.ts";
import { type HttpTarget, httpTarget } from "./http-target.ts";

const now = Date.UTC(2026, 0, 1, 12);
const alert = (labels: Record<string, string>, resolved = false, annotations: Record<string, string> = {}): StoredAlert => ({
  labels,
  annotations,
  startsAt: now - 60_000,
  endsAt: resolved ? now - 1000 : now + 240_000,
  generatorURL: "http://zoosight/graph",
  fingerprint: fingerprint(labels),
  updatedAt: now,
});
const ctx = { receiver: "ops", groupKey: '{}:{ensemble="prod"}', groupLabels: { ensemble: "prod" }, reason: "first notification", externalURL: "http://zoosight:7070", now };

describe("alerting > receivers (real local servers)", () => {
  const targets: HttpTarget[] = [];
  const target = async () => {
    const t = await httpTarget();
    targets.push(t);
    return t;
  };
  after(async () => {
    for (const t of targets) await t.close();
  });

  test("webhook: Alertmanager payload version 4 with notification_reason and max_alerts truncation", async () => {
    const t = await target();
    const n = new WebhookNotifier({ kind: "webhook", url: `${t.url}/hook`, sendResolved: true, maxAlerts: 2, timeoutMs: 5000 });
    const alerts = [
      alert({ alertname: "Down", ensemble: "prod", instance: "zk1" }, false, { summary: "zk1 down", runbook: "r" }),
      alert({ alertname: "Down", ensemble: "prod", instance: "zk2" }, true, { summary: "zk2 down", runbook: "r" }),
      alert({ alertname: "Down", ensemble: "prod", instance: "zk3" }, false, { runbook: "r" }),
    ];
    await n.notify(ctx, alerts);
    const body = t.received[0]!.body as Record<string, unknown>;
    assert.equal(t.received[0]!.path, "/hook");
    assert.equal(t.received[0]!.authorization, undefined);
    assert.equal(body.version, "4");
    assert.equal(body.groupKey, ctx.groupKey);
    assert.equal(body.truncatedAlerts, 1);
    assert.equal(body.status, "firing");
    assert.equal(body.receiver, "ops");
    assert.deepEqual(body.groupLabels, { ensemble: "prod" });
    assert.deepEqual(body.commonLabels, { alertname: "Down", ensemble: "prod" });
    assert.deepEqual(body.commonAnnotations, { runbook: "r" });
    assert.equal(body.externalURL, "http://zoosight:7070");
    assert.equal(body.notification_reason, "first notification");
    const list = body.alerts as Record<string, unknown>[];
    assert.equal(list.length, 2);
    assert.deepEqual(list[1], {
      status: "resolved",
      labels: { alertname: "Down", ensemble: "prod", instance: "zk2" },
      annotations: { summary: "zk2 down", runbook: "r" },
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now - 1000).toISOString(),
      generatorURL: "http://zoosight/graph",
      fingerprint: fingerprint({ alertname: "Down", ensemble: "prod", instance: "zk2" }),
    });
  });

  test("credentials in a webhook URL go out as Basic auth", async () => {
    const t = await target();
    const n = new WebhookNotifier({ kind: "webhook", url: t.url.replace("http://", "http://zoo:s%40cret@") + "/hook", sendResolved: true, maxAlerts: 0, timeoutMs: 5000 });
    await n.notify(ctx, [alert({ alertname: "A" })]);
    assert.equal(t.received[0]!.authorization, `Basic ${Buffer.from("zoo:s@cret").toString("base64")}`);
  });

  test("HTTP errors: 5xx and refused connections are recoverable, 4xx is not; URLs with tokens are not echoed", async () => {
    const t = await target();
    t.statuses.push(503, 404);
    const n = new WebhookNotifier({ kind: "webhook", url: `${t.url}/secret-token-path?key=s3cr3t`, sendResolved: true, maxAlerts: 0, timeoutMs: 5000 });
    await assert.rejects(n.notify(ctx, [alert({ alertname: "A" })]), (e: Error) => e instanceof NotifyError && e.recoverable && e.status === 503 && !e.message.includes("s3cr3t") && !e.message.includes("secret-token"));
    await assert.rejects(n.notify(ctx, [alert({ alertname: "A" })]), (e: Error) => e instanceof NotifyError && !e.recoverable && e.status === 404);
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const dead = new WebhookNotifier({ kind: "webhook", url: `http://127.0.0.1:${closed}/`, sendResolved: true, maxAlerts: 0, timeoutMs: 5000 });
    await assert.rejects(dead.notify(ctx, [alert({ alertname: "A" })]), (e: Error) => e instanceof NotifyError && e.recoverable && /ECONNREFUSED/.test(e.message));
  });

  test("slack: incoming-webhook JSON with channel, username, text and attachments; title/text templates", async () => {
    const t = await target();
    const n = new SlackNotifier({ kind: "slack", apiUrl: `${t.url}/services/T/B/X`, channel: "#zk", username: "zoosight", sendResolved: false, title: "{{ .Status }} in {{ .GroupLabels.ensemble }}" });
    await n.notify(ctx, [alert({ alertname: "Down", ensemble: "prod", instance: "zk1" }, false, { summary: "zk1 is down" })]);
    const body = t.received[0]!.body as { channel: string; username: string; text: string; attachments: { text: string; color: string }[] };
    assert.equal(body.channel, "#zk");
    assert.equal(body.username, "zoosight");
    assert.equal(body.text, "firing in prod");
    assert.equal(body.attachments[0]!.color, "danger");
    assert.match(body.attachments[0]!.text, /\[FIRING\] Down ensemble=prod instance=zk1 - zk1 is down/);
  });

  test("alertmanager forwarding: POST /api/v2/alerts with postable alerts", async () => {
    const t = await target();
    const n = new AlertmanagerNotifier({ kind: "alertmanager", url: `${t.url}/`, sendResolved: true, timeoutMs: 5000 });
    await n.notify(ctx, [alert({ alertname: "Down", instance: "zk1" }, true)]);
    assert.equal(t.received[0]!.path, "/api/v2/alerts");
    assert.deepEqual(t.received[0]!.body, [
      { labels: { alertname: "Down", instance: "zk1" }, annotations: {}, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now - 1000).toISOString(), generatorURL: "http://zoosight/graph" },
    ]);
  });

  test("e-mail: arrives at a real in-process SMTP server, authenticated, with a readable plain-text body; the password never appears in errors", async () => {
    const mails: { from: string; to: string[]; raw: string; user: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === "zoo" && auth.password === "hunter2") cb(null, { user: "zoo" });
        else cb(new Error("Invalid username or password"));
      },
      onData(stream, session, cb) {
        let raw = "";
        stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
        stream.on("end", () => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw, user: String(session.user) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    after(() => new Promise<void>((r) => smtp.close(() => r())));
    const port = (smtp.server.address() as net.AddressInfo).port;
    const cfg = { kind: "email" as const, to: "ops@example.com", from: "zoosight@example.com", smarthost: `127.0.0.1:${port}`, authUsername: "zoo", authPassword: "hunter2", requireTls: false, sendResolved: true };
    await new EmailNotifier(cfg).notify(ctx, [
      alert({ alertname: "ZooKeeperServerDown", ensemble: "prod", instance: "zk1:2181" }, false, { summary: "zk1 is down" }),
      alert({ alertname: "ZooKeeperServerDown", ensemble: "prod", instance: "zk2:2181" }, true),
    ]);
    assert.equal(mails.length, 1);
    const m = mails[0]!;
    assert.equal(m.from, "zoosight@example.com");
    assert.deepEqual(m.to, ["ops@example.com"]);
    assert.equal(m.user, "zoo");
    assert.match(m.raw, /Subject: \[FIRING:1\] ZooKeeperServerDown \(ensemble=prod\)/);
    assert.match(m.raw, /Content-Type: text\/plain/i);
    // decode quoted-printable if the transport chose it (it does for non-ASCII text)
    const body = /quoted-printable/i.test(m.raw) ? Buffer.from(m.raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))), "latin1").toString("utf8") : m.raw;
    assert.match(body, /Firing \(1\):\r?\n\r?\n\* zk1 is down\r?\n {2}Alert: +ZooKeeperServerDown\r?\n {2}Labels: +ensemble=prod, instance=zk1:2181/);
    assert.match(body, /Resolved \(1\):\r?\n\r?\n\* ZooKeeperServerDown\r?\n {2}Alert: +ZooKeeperServerDown\r?\n {2}Labels: +ensemble=prod, instance=zk2:2181/);
    await assert.rejects(new EmailNotifier({ ...cfg, authPassword: "wrong-secret" }).notify(ctx, [alert({ alertname: "A" })]), (e: Error) => e instanceof NotifyError && !e.message.includes("wrong-secret") && /535|auth/i.test(e.message));
  });

  test("dispatcher end to end: a 500 is retried, the delivery lands once, history records each attempt; test-this-receiver", async () => {
    const t = await target();
    t.statuses.push(500);
    const config = parseAlertingConfig({
      route: { receiver: "ops", group_wait: "0s", group_interval: "10m" },
      receivers: [{ name: "ops", webhook_configs: [{ url: `${t.url}/hook` }] }],
    });
    const d = new Dispatcher({ config, retry: { initialBackoffMs: 20, maxBackoffMs: 100 } });
    d.post([{ labels: { alertname: "Down", ensemble: "prod" } }]);
    await t.waitFor(2);
    const deadline = Date.now() + 10_000;
    while (!d.history.list().some((h) => h.outcome === "success") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(d.history.list().map((h) => [h.attempt, h.outcome]), [
      [1, "retrying"],
      [2, "success"],
    ]);
    assert.match(d.history.list()[0]!.error!, /HTTP 500/);
    const results = await testReceiver(d, "ops");
    assert.deepEqual(results, [{ integration: "webhook[0]", ok: true }]);
    const test = t.received[2]!.body as { alerts: { labels: Record<string, string> }[]; notification_reason: string };
    assert.equal(test.alerts[0]!.labels.alertname, "ZoosightTestAlert");
    assert.equal(test.notification_reason, "test");
    assert.equal(d.history.list().at(-1)!.test, true);
    await assert.rejects(testReceiver(d, "nobody"), UnknownReceiverError);
    d.stop();
  });
});
