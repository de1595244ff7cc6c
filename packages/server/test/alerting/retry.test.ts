import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alertingMetrics, NotifyError } from "../../src/alerting/index.ts";
import { hook, setup } from "./helpers.ts";

const cfg = { route: { receiver: "hook", group_wait: "1s", group_interval: "1m", repeat_interval: "1h" }, receivers: [hook("hook")] };

describe("alerting > retries (virtual clock)", () => {
  test("network errors and 5xx are retried with exponential backoff; every attempt is in the history", async () => {
    const { d, rec, fire, at } = setup(cfg);
    rec.failures = [new NotifyError("connect ECONNREFUSED", true), new NotifyError("HTTP 503", true, 503)];
    d.receive([fire({ alertname: "Down" })]);
    await at(1);
    await at(10);
    assert.equal(rec.sent.length, 1);
    const h = d.history.list();
    assert.deepEqual(
      h.map((x) => [x.attempt, x.outcome, (x.time - h[0]!.time) / 1000]),
      [
        [1, "retrying", 0],
        [2, "retrying", 1],
        [3, "success", 3],
      ],
    );
    assert.equal(h[0]!.error, "connect ECONNREFUSED");
    const m = alertingMetrics(d);
    assert.match(m, /^zoosight_notification_attempts_total\{receiver="hook",integration="webhook\[0\]",outcome="retrying"\} 2$/m);
    assert.match(m, /^zoosight_notification_attempts_total\{receiver="hook",integration="webhook\[0\]",outcome="success"\} 1$/m);
    assert.match(m, /^zoosight_alerts\{state="active"\} 1$/m);
    assert.match(m, /^zoosight_alerting_aggregation_groups 1$/m);
    assert.equal(h[0]!.fingerprints.length, 1);
    // sent once: nothing more at the next tick
    await at(62);
    assert.equal(rec.sent.length, 1);
    d.stop();
  });

  test("4xx fails fast (one attempt), is not logged as sent, and is tried again at the next group_interval", async () => {
    const { d, rec, fire, at } = setup(cfg);
    rec.failures = [new NotifyError("HTTP 400: bad payload", false, 400)];
    d.receive([fire({ alertname: "Down" })]);
    await at(30);
    assert.deepEqual(d.history.list().map((x) => x.outcome), ["failed"]);
    assert.equal(rec.sent.length, 0);
    await at(61);
    assert.equal(rec.sent.length, 1);
    assert.equal(rec.sent[0]!.reason, "first notification");
    d.stop();
  });

  test("retries stop at the group_interval deadline", async () => {
    const { d, rec, fire, at } = setup(cfg);
    rec.failures = Array.from({ length: 100 }, () => new NotifyError("HTTP 500", true, 500));
    d.receive([fire({ alertname: "Down" })]);
    await at(61);
    const first = d.history.list().filter((x) => x.time < d.startedAt + 61_000);
    assert.equal(first.at(-1)!.outcome, "failed");
    assert.ok(first.length > 3 && first.length < 30, `${first.length} attempts within one interval`);
    d.stop();
  });
});
