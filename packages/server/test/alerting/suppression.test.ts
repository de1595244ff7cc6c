import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseMatchers, SilenceError } from "../../src/alerting/index.ts";
import { hook, setup } from "./helpers.ts";

const cfg = {
  route: { receiver: "hook", group_by: ["alertname", "ensemble"], group_wait: "10s", group_interval: "1m", repeat_interval: "1h" },
  receivers: [hook("hook")],
  inhibit_rules: [{ source_matchers: ['alertname="ZooKeeperQuorumLost"'], target_matchers: ['scope="server"'], equal: ["ensemble"] }],
};

describe("alerting > inhibition and silences (virtual clock)", () => {
  test("quorum lost inhibits that ensemble's per-server alerts only; they come back at the next tick once it resolves", async () => {
    const { d, rec, fire, resolve, at } = setup(cfg);
    const quorum = fire({ alertname: "ZooKeeperQuorumLost", ensemble: "a" });
    const downA = fire({ alertname: "ZooKeeperServerDown", ensemble: "a", scope: "server", instance: "a1" });
    const downB = fire({ alertname: "ZooKeeperServerDown", ensemble: "b", scope: "server", instance: "b1" });
    d.receive([quorum, downA, downB]);
    await at(10);
    const names = rec.sent.map((s) => `${s.groupKey}:${s.firing.join(",")}`).sort();
    assert.deepEqual(names, ['{}:{alertname="ZooKeeperQuorumLost", ensemble="a"}:ZooKeeperQuorumLost', '{}:{alertname="ZooKeeperServerDown", ensemble="b"}:b1']);
    const stA = d.status(d.store.all().find((a) => a.labels.instance === "a1")!);
    assert.equal(stA.state, "suppressed");
    assert.equal(stA.inhibitedBy.length, 1);
    assert.equal(d.status(d.store.all().find((a) => a.labels.instance === "b1")!).state, "active");
    d.receive([resolve(quorum)]);
    await at(70);
    const after = rec.sent.slice(2).map((s) => `${s.reason}:${s.firing.join(",")}`).sort();
    assert.deepEqual(after, ["all alerts resolved:", "first notification:a1"]);
    d.stop();
  });

  test("inhibit hold: a target resolving a few seconds after its source is never notified; one still firing after the hold is", async () => {
    const { d, rec, fire, resolve, at } = setup({ ...cfg, route: { ...cfg.route, group_wait: "1s", group_interval: "1s" } }, { inhibitHoldMs: 10_000 });
    const quorum = fire({ alertname: "ZooKeeperQuorumLost", ensemble: "a" });
    const survivor = fire({ alertname: "ZooKeeperServerNotServing", ensemble: "a", scope: "server", instance: "a1" });
    const down = fire({ alertname: "ZooKeeperServerDown", ensemble: "a", scope: "server", instance: "a2" });
    d.receive([quorum, survivor, down]);
    await at(5);
    d.receive([resolve(quorum)]);
    await at(9);
    // the survivor serves again (its rule group runs less often than the quorum rule): still held
    d.receive([resolve(survivor)]);
    await at(30);
    assert.deepEqual(
      rec.sent.map((s) => `${s.reason}:${s.firing.join(",")}/${s.resolved.join(",")}`),
      ["first notification:ZooKeeperQuorumLost/", "all alerts resolved:/ZooKeeperQuorumLost", "first notification:a2/"],
    );
    // a2 stayed down past the hold: notified at the tick where the hold ends (resolved at 5 s + 10 s)
    assert.equal(rec.sent[2]!.at, 15_000);
    d.stop();
  });

  test("inhibit hold: the resolution of a target notified before its source fired is not held back", async () => {
    const { d, rec, fire, resolve, at } = setup({ ...cfg, route: { ...cfg.route, group_wait: "1s", group_interval: "1s" } }, { inhibitHoldMs: 10_000 });
    const down = fire({ alertname: "ZooKeeperServerDown", ensemble: "a", scope: "server", instance: "a2" });
    d.receive([down]);
    await at(3);
    const quorum = fire({ alertname: "ZooKeeperQuorumLost", ensemble: "a" });
    d.receive([quorum]);
    await at(10);
    d.receive([resolve(quorum)]);
    await at(12);
    d.receive([resolve(down)]);
    await at(20);
    assert.deepEqual(
      rec.sent.map((s) => `${s.at / 1000}s ${s.reason}:${s.firing.join(",")}/${s.resolved.join(",")}`),
      ["1s first notification:a2/", "4s first notification:ZooKeeperQuorumLost/", "11s all alerts resolved:/ZooKeeperQuorumLost", "13s all alerts resolved:/a2"],
    );
    d.stop();
  });

  test("an alert matching both sides is not inhibited by itself", async () => {
    const self = {
      ...cfg,
      inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity=~"critical|warning"'], equal: ["ensemble"] }],
    };
    const { d, rec, fire, at } = setup(self);
    d.receive([fire({ alertname: "X", ensemble: "a", severity: "critical" }), fire({ alertname: "Y", ensemble: "a", severity: "warning" })]);
    await at(10);
    assert.deepEqual(rec.sent.map((s) => s.firing[0]), ["X"]);
    d.stop();
  });

  test("silences: pending → active → expired; a silenced alert is not notified and comes back when the silence expires", async () => {
    const { d, rec, fire, at, clock } = setup(cfg);
    const id = d.silences.set({ matchers: parseMatchers('alertname="Down"'), startsAt: clock.now() + 5000, endsAt: clock.now() + 120_000, createdBy: "ops", comment: "maintenance" });
    const s = d.silences.get(id)!;
    assert.equal(d.silences.state(s), "pending");
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" }), fire({ alertname: "Other", ensemble: "a" })]);
    await at(5);
    assert.equal(d.silences.state(s), "active");
    await at(10);
    assert.deepEqual(rec.sent.map((x) => x.firing[0]), ["Other"]);
    assert.deepEqual(d.status(d.store.all().find((a) => a.labels.alertname === "Down")!).silencedBy, [id]);
    await at(120);
    assert.equal(d.silences.state(s), "expired");
    await at(130);
    assert.deepEqual(rec.sent.slice(1).map((x) => [x.at, x.reason, x.firing[0]]), [[130_000, "first notification", "zk1"]]);
    d.stop();
  });

  test("expiring a silence restores notifications at the next tick; edits keep history", async () => {
    const { d, rec, fire, at, clock } = setup(cfg);
    const id = d.silences.set({ matchers: parseMatchers('instance="zk1"'), startsAt: clock.now(), endsAt: clock.now() + 3_600_000, createdBy: "ops", comment: "c" });
    d.receive([fire({ alertname: "Down", ensemble: "a", instance: "zk1" })]);
    await at(10);
    assert.equal(rec.sent.length, 0);
    // same matchers, active, same start: updated in place
    assert.equal(d.silences.set({ id, matchers: parseMatchers('instance="zk1"'), startsAt: d.silences.get(id)!.startsAt, endsAt: clock.now() + 7_200_000, createdBy: "ops", comment: "longer" }), id);
    // changed matchers: the old one is expired and a new id issued
    const id2 = d.silences.set({ id, matchers: parseMatchers('instance=~"zk1|zk2"'), startsAt: clock.now(), endsAt: clock.now() + 7_200_000, createdBy: "ops", comment: "wider" });
    assert.notEqual(id2, id);
    assert.equal(d.silences.state(d.silences.get(id)!), "expired");
    await at(20);
    d.silences.expire(id2);
    assert.throws(() => d.silences.expire(id2), SilenceError);
    assert.throws(() => d.silences.expire("nope"), (e: Error) => e instanceof SilenceError && e.code === "SILENCE_NOT_FOUND");
    await at(70);
    assert.deepEqual(rec.sent.map((x) => [x.at, x.firing[0]]), [[70_000, "zk1"]]);
    d.stop();
  });

  test("silence validation", () => {
    const { d, clock } = setup(cfg);
    const now = clock.now();
    const ok = { matchers: parseMatchers('a="b"'), startsAt: now, endsAt: now + 1000, createdBy: "me", comment: "c" };
    assert.throws(() => d.silences.set({ ...ok, matchers: [] }), /at least one matcher/);
    assert.throws(() => d.silences.set({ ...ok, matchers: parseMatchers('a=~".*"') }), /empty string/);
    assert.throws(() => d.silences.set({ ...ok, endsAt: now - 1 }), /endsAt/);
    assert.throws(() => d.silences.set({ ...ok, comment: " " }), /comment/);
    assert.throws(() => d.silences.set({ ...ok, id: "missing" }), (e: Error) => e instanceof SilenceError && e.code === "SILENCE_NOT_FOUND");
    d.stop();
  });
});
