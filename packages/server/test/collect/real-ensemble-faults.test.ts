// A real 3-server ensemble, taken through the faults of issue 3 one after the other.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Ensemble } from "@zoosight/testkit";
import { startEnsemble } from "@zoosight/testkit";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import { closedPort } from "../helpers/fake-endpoints.ts";
import { promtoolCheck } from "../helpers/promtool.ts";
import { cycleUntil, stateOf, targetsOf, watch } from "../helpers/real-watch.ts";

describe("collect > real 3-server ensemble: faults", { concurrency: false }, () => {
  let zk: Ensemble;
  before(async () => {
    zk = await startEnsemble({ servers: 3, name: "zoosight-faults" });
    await zk.waitServing(120_000);
  });
  after(async () => {
    await zk?.close();
  });

  test("healthy ensemble: every source read, one leader, promtool passes on the real output", async () => {
    const service = watch("real", targetsOf(zk));
    const { health } = await cycleUntil(
      service,
      (h) => h.verdict === "healthy" && h.servers.every((s) => s.unreadable.length === 0),
      "healthy, every source read",
    );
    const leader = await zk.leader(60_000);
    assert.deepEqual(health.leaders, [leader.clientAddress]);
    assert.equal(health.votersConfigured, 3);
    for (const s of health.servers) assert.deepEqual(s.unreadable, [], s.server);
    const text = service.metrics();
    const check = promtoolCheck(text);
    assert.equal(check.status, 0, check.output);
    assert.match(text, new RegExp(`^zookeeper_server_state\\{ensemble="real",server="${leader.clientAddress}",state="leader"\\} 1$`, "m"));
    assert.match(text, /^zookeeper_learners\{ensemble="real",server="[^"]+"\} 2$/m);
  });

  test("unresolvable host and wrong port: down with the reason, the real servers unaffected", async () => {
    const wrong = await closedPort();
    const service = watch("real", [...targetsOf(zk), parseServerSpec("no-such-host.invalid:2181"), parseServerSpec(`127.0.0.1:${wrong}`)]);
    const { health: h } = await cycleUntil(
      service,
      (x) => zk.servers.every((s) => ["leader", "follower"].includes(stateOf(x, s.clientAddress)!)),
      "the real servers serving",
    );
    assert.equal(stateOf(h, "no-such-host.invalid:2181"), "down");
    assert.match(h.servers.find((s) => s.server === "no-such-host.invalid:2181")!.reason, /does not resolve/);
    assert.equal(stateOf(h, `127.0.0.1:${wrong}`), "down");
    assert.match(h.servers.find((s) => s.server === `127.0.0.1:${wrong}`)!.reason, /connection refused/);
    assert.equal(h.leaders.length, 1);
    for (const s of zk.servers) assert.ok(["leader", "follower"].includes(stateOf(h, s.clientAddress)!), s.clientAddress);
    assert.ok(h.reasons.some((r) => r.includes("no-such-host.invalid:2181 is down")));
    const text = service.metrics();
    assert.match(text, /^zoosight_scrape_errors_total\{ensemble="real",server="no-such-host.invalid:2181",source="4lw:srvr",reason="unresolvable"\} [1-9]\d*$/m);
  });

  test("members not configured are discovered from the voting view and scraped", async () => {
    const service = watch("real", targetsOf(zk).slice(0, 2));
    const { health } = await cycleUntil(service, (h) => h.servers.length === 3 && h.verdict === "healthy", "third server discovered");
    assert.ok(service.collector.isDiscovered("real", zk.servers[2]!.clientAddress));
    assert.equal(health.votersConfigured, 3);
  });

  test("SIGSTOP of a follower: reported hung within the deadline, the others stay fresh", async () => {
    const [follower] = await zk.followers();
    assert.ok(follower);
    const service = watch("real", targetsOf(zk));
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy before the pause");
    follower.pause();
    try {
      // A fresh service, so that its first cycle is the one under test; retried only if the
      // busy machine made a running server miss its deadline.
      const service2 = watch("real", targetsOf(zk));
      const { health: h } = await cycleUntil(
        service2,
        (x) =>
          stateOf(x, follower.clientAddress) === "hung" &&
          x.servers.every((s) => s.server === follower.clientAddress || (["leader", "follower"].includes(s.state) && s.unreadable.length === 0)),
        "paused follower hung, the others fresh",
        5,
      );
      const hung = h.servers.find((s) => s.server === follower.clientAddress)!;
      assert.match(hung.reason, /within 3000 ms/);
      for (const s of h.servers.filter((x) => x.server !== follower.clientAddress)) {
        // Fresh: finished before the hung server's scrape gave up.
        assert.ok(s.scrapedAtMs < hung.scrapedAtMs, `${s.server} finished after the hung server`);
      }
      assert.equal(h.verdict, "degraded");
      const r = await cycleUntil(service, (x) => stateOf(x, follower.clientAddress) === "hung", "hung in the long-running service");
      assert.ok(r.events.some((e) => e.kind === "server-down" && e.server === follower.clientAddress && e.to === "hung"));
    } finally {
      follower.resume();
    }
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy after resume");
  });

  test("SIGKILL of a follower: down, event; back after restart", async () => {
    const [follower] = await zk.followers();
    assert.ok(follower);
    const service = watch("real", targetsOf(zk));
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy before the kill");
    await follower.kill();
    const down = await cycleUntil(service, (h) => stateOf(h, follower.clientAddress) === "down", "follower down");
    assert.equal(down.health.verdict, "degraded");
    assert.ok(down.events.some((e) => e.kind === "server-down" && e.server === follower.clientAddress));
    assert.equal(down.health.quorum, true);
    await follower.restart(120_000);
    const up = await cycleUntil(service, (h) => h.verdict === "healthy", "healthy after restart");
    assert.ok(up.events.some((e) => e.kind === "server-up" && e.server === follower.clientAddress));
  });

  test("leader SIGKILLed: election seen, new leader reported", async () => {
    const service = watch("real", targetsOf(zk));
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy before the kill");
    const old = await zk.leader();
    await old.kill();
    const { health, events } = await cycleUntil(
      service,
      (h) => h.leaders.length === 1 && h.leaders[0] !== old.clientAddress,
      "a new leader",
    );
    const fresh = await zk.leader(60_000);
    assert.deepEqual(health.leaders, [fresh.clientAddress]);
    assert.ok(events.some((e) => e.kind === "leader-changed" && e.from === old.clientAddress && e.to === fresh.clientAddress));
    assert.ok(events.some((e) => e.kind === "election"));
    assert.equal(service.tracker.counters("real").elections >= 1, true);
    assert.match(service.metrics(), /^zookeeper_ensemble_elections_total\{ensemble="real"\} [1-9]/m);
    await old.restart(120_000);
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy after restart");
  });

  test("quorum lost (two of three down) and regained", async () => {
    const service = watch("real", targetsOf(zk));
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy before");
    const leader = await zk.leader(60_000);
    const [f] = await zk.followers();
    assert.ok(f);
    await leader.kill();
    await f.kill();
    const lost = await cycleUntil(service, (h) => h.verdict === "no-quorum", "no quorum");
    assert.ok(lost.events.some((e) => e.kind === "quorum-lost"));
    assert.match(lost.health.reasons[0]!, /^only 0 of 3 voters serving, 2 needed for a quorum$/);
    const survivor = zk.servers.find((s) => s !== leader && s !== f)!;
    assert.equal(stateOf(lost.health, survivor.clientAddress), "looking");
    assert.match(service.metrics(), /^zookeeper_ensemble_quorum\{ensemble="real"\} 0$/m);
    await leader.start();
    const back = await cycleUntil(service, (h) => h.quorum, "quorum regained");
    assert.ok(back.events.some((e) => e.kind === "quorum-regained"));
    await f.start();
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy again");
  });
});
