// `zoosight serve` with an email_configs receiver pointing at an in-process SMTP server: SIGKILL of
// the leader arrives as an e-mail whose subject names the alert and whose plain-text body carries
// the pack's summary, description, runbook and labels.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { type SmtpSink, startSmtpSink } from "../../alerting/smtp-sink.ts";
import { leaderChanges, type RunningServe, startServe, until, waitBaseline, writeServeConfig } from "./serve-alerting-helpers.ts";

const NAME = "e2e-mail";
let ensemble: Ensemble;
let dir: string;
let smtp: SmtpSink;
let serve: RunningServe | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "zoosight-serve-email-"));
  smtp = await startSmtpSink();
  ensemble = await startEnsemble({ servers: 3, name: "serve-alerting-email", startTimeoutMs: 180_000 });
});
after(async () => {
  await serve?.stop().catch(() => {});
  await ensemble?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serve > alerting end to end: e-mail", () => {
  it("a leader change arrives as a readable plain-text e-mail", { timeout: 180_000 }, async () => {
    writeServeConfig(dir, NAME, ensemble, [
      "route:",
      "  receiver: oncall",
      "  group_by: [alertname, ensemble]",
      "  group_wait: 500ms",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      "receivers:",
      "  - name: oncall",
      "    email_configs:",
      "      - to: oncall@example.com",
      "        from: zoosight@example.com",
      `        smarthost: ${smtp.smarthost}`,
      "        require_tls: false",
    ]);
    serve = await startServe(dir);
    const base = serve.base;
    const before = await waitBaseline(base, NAME);
    const leader = await ensemble.leader();
    await leader.kill();
    await until("zoosight sees the new leader", async () => ((await leaderChanges(base, NAME)) > before ? true : undefined), 60_000);

    const mail = await until("the e-mail", () => smtp.mails.find((m) => m.subject.includes("ZooKeeperLeaderChanged")), 90_000);
    assert.equal(mail.from, "zoosight@example.com");
    assert.deepEqual(mail.to, ["oncall@example.com"]);
    assert.equal(mail.subject, `[FIRING:1] ZooKeeperLeaderChanged (ensemble=${NAME})`);
    assert.match(mail.headers.get("content-type") ?? "", /^text\/plain/);
    const t = mail.text;
    assert.match(t, new RegExp(`^\\[FIRING:1\\] ZooKeeperLeaderChanged \\(ensemble=${NAME}\\)\n\nReceiver oncall, first notification, group alertname=ZooKeeperLeaderChanged, ensemble=${NAME}\\.\n`));
    assert.match(t, new RegExp(`\n\\* ZooKeeper ensemble ${NAME} changed leader\n  Alert: +ZooKeeperLeaderChanged\n`), "the summary leads the alert's block");
    assert.match(t, new RegExp(`\n  Description: The leader of ensemble ${NAME} changed in the last minute; clients saw a short write outage\\.\n`));
    assert.match(t, /\n {2}Runbook: +Find the previous leader in zoosight's events .*#leader-changed\n/);
    assert.match(t, new RegExp(`\n  Labels: +ensemble=${NAME}, scope=ensemble, severity=warning\n`));
    assert.match(t, /\n {2}Since: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n/);
    assert.match(t, /\n {2}Source: +http:\/\/127\.0\.0\.1:\d+\/graph\?g0\.expr=increase/);
    assert.doesNotMatch(t, /undefined|\[object Object\]|\{\{/);
    await serve.stop();
    serve = undefined;
  });
});
