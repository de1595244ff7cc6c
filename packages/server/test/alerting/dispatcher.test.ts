import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hook, setup } from "./helpers.ts";

const base = (extra: Record<string, unknown> = {}) => ({
  route: { receiver: "hook", group_by: ["ensemble"], group_wait: "30s", group_interval: "1m", repeat_interval: "4m", ...extra },
  receivers: [hook("hook")],
});

describe("alerting > dispatcher (virtual clock)", () => {
  test("group_wait: alerts of one group in the same window go out together, once, at group_wait", async () => {
    const { d, rec, fire, at } = setup(base());
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" })]);
    await at(10);
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk2" })]);
    await at(29.9);
    assert.equal(rec.sent.length, 0);
    await at(30);
    assert.equal(rec.sent.length, 1);
    assert.deepEqual(rec.sent[0], { at: 30_000, receiver: "hook", integration: 0, reason: "first notification", groupKey: '{}:{ensemble="a"}', firing: ["zk1", "zk2"], resolved: [] });
    // no change: nothing on the next group_interval ticks before repeat_interval
    await at(30 + 3 * 60);
    assert.equal(rec.sent.length, 1);
    d.stop();
  });

  test("group_interval: a newly firing alert is sent at the next tick with 'new alerts added'; never twice for the same state", async () => {
    const { d, rec, fire, at } = setup(base());
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" })]);
    await at(40);
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk2" })]);
    await at(89);
    assert.equal(rec.sent.length, 1);
    await at(90);
    assert.equal(rec.sent.length, 2);
    assert.equal(rec.sent[1]!.reason, "new alerts added");
    assert.equal(rec.sent[1]!.at, 90_000);
    assert.deepEqual(rec.sent[1]!.firing, ["zk1", "zk2"]);
    // refreshing the same alerts (as the rule engine does every evaluation) changes nothing
    await at(100);
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" }), fire({ alertname: "Down", ensemble: "a", instance: "zk2" })]);
    await at(150);
    assert.equal(rec.sent.length, 2);
    d.stop();
  });

  test("repeat_interval: an unchanged group is re-sent once repeat_interval has passed, on a group_interval tick", async () => {
    const { d, rec, fire, at } = setup(base());
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" })]);
    await at(30 + 4 * 60 + 30);
    assert.deepEqual(
      rec.sent.map((s) => [s.at / 1000, s.reason]),
      [
        [30, "first notification"],
        [270, "repeat interval elapsed"],
      ],
    );
    d.stop();
  });

  test("alerts older than group_wait flush at once; an alert that fires and resolves within group_wait is never notified", async () => {
    const { d, rec, fire, resolve, at, clock } = setup(base());
    const flap = fire({ alertname: "Flap", ensemble: "b" });
    d.receive([flap]);
    await at(5);
    d.receive([resolve(flap)]);
    await at(200);
    assert.equal(rec.sent.length, 0);
    d.receive([fire({ alertname: "Old", ensemble: "c" }, clock.now() - 60_000)]);
    await at(200);
    assert.equal(rec.sent.length, 1);
    assert.equal(rec.sent[0]!.at, 200_000);
    d.stop();
  });

  test("send_resolved: 'some alerts resolved' only for integrations that want it; 'all alerts resolved' clears the log; resolved alerts leave the group", async () => {
    const cfg = {
      route: { receiver: "two", group_by: ["ensemble"], group_wait: "30s", group_interval: "1m", repeat_interval: "1h" },
      receivers: [{ name: "two", webhook_configs: [{ url: "http://127.0.0.1:9/a", send_resolved: true }, { url: "http://127.0.0.1:9/b", send_resolved: false }] }],
    };
    const { d, rec, fire, resolve, at } = setup(cfg);
    const a1 = fire({ alertname: "Down", ensemble: "a", instance: "zk1" });
    const a2 = fire({ alertname: "Down", ensemble: "a", instance: "zk2" });
    d.receive([a1, a2]);
    await at(31);
    assert.equal(rec.sent.length, 2);
    d.receive([resolve(a1)]);
    await at(91);
    const third = rec.sent.slice(2);
    assert.deepEqual(
      third.map((s) => [s.integration, s.reason, s.firing, s.resolved]),
      [[0, "some alerts resolved", ["zk2"], ["zk1"]]],
    );
    d.receive([resolve(a2)]);
    await at(151);
    const last = rec.sent.slice(3);
    // zk1 left the group after the flush that reported it; the send_resolved:false integration is not sent to, but its log entry is cleared (history says skipped)
    assert.deepEqual(
      last.map((s) => [s.integration, s.reason, s.firing, s.resolved]),
      [[0, "all alerts resolved", [], ["zk2"]]],
    );
    assert.ok(d.history.list().some((h) => h.integration === "webhook[1]" && h.outcome === "skipped" && h.reason === "all alerts resolved"));
    assert.equal(d.activeGroups().length, 0, "group with only resolved alerts is gone after the flush");
    // a fresh occurrence is a first notification again
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" })]);
    await at(182);
    assert.deepEqual(
      rec.sent.slice(4).map((s) => [s.integration, s.reason]),
      [
        [0, "first notification"],
        [1, "first notification"],
      ],
    );
    d.stop();
  });

  test("resolved alerts are retained for 15 minutes, then dropped", async () => {
    const { d, fire, resolve, at } = setup(base());
    const a = fire({ alertname: "Down", ensemble: "a", instance: "zk1" });
    d.receive([a]);
    await at(31);
    d.receive([resolve(a)]);
    await at(91);
    assert.equal(d.store.all().length, 1, "retained");
    await at(91 + 15 * 60);
    d.store.gc();
    assert.equal(d.store.all().length, 0, "dropped");
    d.stop();
  });

  test("merging keeps the first startsAt (active since) and takes the newest annotations", async () => {
    const { d, fire, at, clock } = setup(base());
    const t0 = clock.now();
    d.receive([{ ...fire({ alertname: "Down", ensemble: "a" }), annotations: { v: "1" } }]);
    await at(60);
    d.receive([{ ...fire({ alertname: "Down", ensemble: "a" }), annotations: { v: "2" } }]);
    const [a] = d.store.all();
    assert.equal(a!.startsAt, t0);
    assert.equal(a!.annotations.v, "2");
    d.stop();
  });

  test("routing: depth-first, first match wins unless continue; unmatched alerts go to the parent", async () => {
    const cfg = {
      route: {
        receiver: "default",
        group_by: ["alertname"],
        group_wait: "1s",
        group_interval: "1m",
        routes: [
          { matchers: ['severity="critical"'], receiver: "pager", continue: true },
          { matchers: ['service=~"zoo.*"'], receiver: "chat", routes: [{ matchers: ['team="db"'], receiver: "db" }] },
          { matchers: ['service="zookeeper"'], receiver: "never" },
        ],
      },
      receivers: [hook("default"), hook("pager"), hook("chat"), hook("db"), hook("never")],
    };
    const { d, rec, fire, at } = setup(cfg);
    d.receive([fire({ alertname: "A", severity: "critical", service: "zookeeper" })]);
    d.receive([fire({ alertname: "B", service: "zookeeper", team: "db" })]);
    d.receive([fire({ alertname: "C", service: "kafka" })]);
    await at(2);
    const got = rec.sent.map((s) => `${s.firing[0]}>${s.receiver}`).sort();
    assert.deepEqual(got, ["A>chat", "A>pager", "B>db", "C>default"]);
    assert.deepEqual(d.receiversFor(d.store.all().find((a) => a.labels.alertname === "A")!), ["pager", "chat"]);
    assert.ok(rec.sent.find((s) => s.receiver === "db")!.groupKey.startsWith('{}/{service=~"zoo.*"}/{team="db"}:{alertname="B"}'));
    d.stop();
  });

  test("group_by '...' makes one group per alert", async () => {
    const { d, rec, fire, at } = setup({ route: { receiver: "hook", group_by: ["..."], group_wait: "1s" }, receivers: [hook("hook")] });
    d.receive([fire({ alertname: "Down", instance: "zk1" }), fire({ alertname: "Down", instance: "zk2" })]);
    await at(2);
    assert.equal(rec.sent.length, 2);
    d.stop();
  });
});
