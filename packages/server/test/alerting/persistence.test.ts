import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parseMatchers, VirtualClock } from "../../src/alerting/index.ts";
import { readJson, writeJsonAtomic } from "../../src/alerting/store/atomic-file.ts";
import { hook, setup } from "./helpers.ts";

const cfg = { route: { receiver: "hook", group_by: ["ensemble"], group_wait: "30s", group_interval: "1m", repeat_interval: "1h" }, receivers: [hook("hook")] };

describe("alerting > persistence in the data directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "zoosight-alerting-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("atomic JSON files: replaced whole, no temp file left behind", () => {
    const f = join(dir, "x", "state.json");
    writeJsonAtomic(f, { a: 1 });
    writeJsonAtomic(f, { a: 2 });
    assert.deepEqual(readJson(f), { a: 2 });
    assert.deepEqual(readdirSync(join(dir, "x")), ["state.json"]);
    assert.equal(readJson(join(dir, "x", "missing.json")), undefined);
  });

  test("a restart on the same directory neither re-sends nor forgets: alerts with active-since, silences, notification log, history", async () => {
    const data = join(dir, "restart");
    const clock = new VirtualClock();
    const one = setup(cfg, { dataDir: data, clock });
    const t0 = clock.now();
    const a = one.fire({ alertname: "Down", ensemble: "a", instance: "zk1" });
    one.d.receive([a]);
    const sid = one.d.silences.set({ matchers: parseMatchers('ensemble="z"'), startsAt: t0, endsAt: t0 + 3_600_000, createdBy: "ops", comment: "c" });
    await one.at(31);
    assert.equal(one.rec.sent.length, 1);
    one.d.stop();
    assert.deepEqual(readdirSync(join(data, "alerting")).sort(), ["alerts.json", "history.json", "nflog.json", "silences.json"]);
    assert.equal(clock.pending(), 0, "stop() cancels every timer");

    // restart 2 minutes later: the rule engine re-sends the same firing alert
    await clock.advance(120_000);
    const two = setup(cfg, { dataDir: data, clock });
    assert.equal(two.d.store.all()[0]!.startsAt, t0, "active since survives");
    assert.equal(two.d.silences.get(sid)?.comment, "c");
    assert.equal(two.d.history.list().length, 1);
    two.d.receive([{ ...a, endsAt: clock.now() + 3_600_000 }]);
    await clock.advance(90_000);
    assert.equal(two.rec.sent.length, 0, "nothing re-sent after the restart");
    // the resolution after the restart is delivered
    two.d.receive([{ ...a, endsAt: clock.now() }]);
    await clock.advance(60_000);
    assert.deepEqual(two.rec.sent.map((s) => [s.reason, s.resolved]), [["all alerts resolved", ["zk1"]]]);
    two.d.stop();
    const nflog = JSON.parse(readFileSync(join(data, "alerting", "nflog.json"), "utf8")) as { nflog: { firing: string[] }[] };
    assert.deepEqual(nflog.nflog[0]!.firing, []);
  });

  test("a restart while an alert was firing but not yet notified sends it (nothing lost)", async () => {
    const data = join(dir, "pending");
    const clock = new VirtualClock();
    const one = setup(cfg, { dataDir: data, clock });
    one.d.receive([one.fire({ alertname: "Down", ensemble: "a" })]);
    await clock.advance(10_000);
    one.d.stop();
    assert.equal(one.rec.sent.length, 0);
    const two = setup(cfg, { dataDir: data, clock });
    // the new group waits group_wait again, as Alertmanager's does after a restart
    await clock.advance(29_000);
    assert.equal(two.rec.sent.length, 0);
    await clock.advance(1_000);
    assert.deepEqual(two.rec.sent.map((s) => s.reason), ["first notification"]);
    two.d.stop();
  });

  test("an alert whose endsAt passed during the outage is not reported resolved at restart; it resolves after resolve_timeout unless re-sent", async () => {
    const data = join(dir, "outage");
    const clock = new VirtualClock();
    const one = setup(cfg, { dataDir: data, clock });
    one.d.receive([{ labels: { alertname: "Down", ensemble: "a" }, annotations: {}, startsAt: clock.now(), endsAt: clock.now() + 60_000, generatorURL: "" }]);
    await clock.advance(31_000);
    assert.equal(one.rec.sent.length, 1);
    one.d.stop();
    await clock.advance(10 * 60_000);
    const two = setup(cfg, { dataDir: data, clock });
    assert.equal(two.d.firing().length, 1, "still firing after the restart");
    await clock.advance(4 * 60_000);
    assert.equal(two.rec.sent.length, 0, "no spurious resolved notification");
    await clock.advance(2 * 60_000);
    assert.deepEqual(two.rec.sent.map((s) => s.reason), ["all alerts resolved"]);
    two.d.stop();
  });
});
