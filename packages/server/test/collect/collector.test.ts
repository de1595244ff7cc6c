import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Collector } from "../../src/collect/collector.ts";
import { parseServerSpec } from "../../src/collect/endpoint.ts";
import type { ServerSnapshot } from "../../src/collect/snapshot.ts";
import { evaluateEnsemble } from "../../src/health/ensemble-health.ts";
import type { FakeServer } from "../helpers/fake-endpoints.ts";
import { closedPort, eventually, fakeFourLetterServer } from "../helpers/fake-endpoints.ts";
import { fixture } from "../helpers/fixtures.ts";
import { realClock } from "../helpers/real-clock.ts";

const LEADER = { mntr: fixture("zk-3.8/leader-mntr.txt"), srvr: fixture("zk-3.8/leader-srvr.txt") };
const FOLLOWER = { mntr: fixture("zk-3.8/follower-mntr.txt"), srvr: fixture("zk-3.8/follower-srvr.txt") };

describe("collect > collector with faulty fake servers", () => {
  const servers: FakeServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  test("one hung, one garbage, one refused server never delay or spoil the others", async () => {
    const replies = (r: Record<string, string>) => (cmd: string) =>
      r[cmd] !== undefined ? { kind: "reply" as const, text: r[cmd]! } : { kind: "reply" as const, text: "imok" };
    const leader = await fakeFourLetterServer(replies(LEADER));
    const follower = await fakeFourLetterServer(replies(FOLLOWER));
    const hung = await fakeFourLetterServer(() => ({ kind: "silent" }));
    const garbage = await fakeFourLetterServer(() => ({ kind: "reply", text: "\u0000\u00ff\u00fe garbage" }));
    servers.push(leader, follower, hung, garbage);
    const refused = await closedPort();
    const spec = [leader.port, follower.port, hung.port, garbage.port, refused].map((p) => parseServerSpec(`127.0.0.1:${p}`));
    const order: string[] = [];
    const collector = new Collector({
      ensembles: [{ name: "fake", servers: spec }],
      clock: realClock,
      limits: { connectTimeoutMs: 3000, totalTimeoutMs: 4000, maxBytes: 1 << 20 },
      detailEvery: 1,
      onSnapshot: (s) => order.push(s.server),
    });
    const result = await collector.collectOnce();
    const snaps = result.ensembles.get("fake")!;
    assert.equal(snaps.length, 5);
    // The hung server's scrape completes last: nothing waited for it.
    assert.equal(order.at(-1), `127.0.0.1:${hung.port}`);
    const by = (p: number) => snaps.find((s) => s.server === `127.0.0.1:${p}`)! as ServerSnapshot;
    assert.equal(by(leader.port).monitor?.serverState, "leader");
    assert.equal(by(follower.port).stats?.mode, "follower");
    assert.ok(by(hung.port).outcomes.every((o) => o.failure?.kind === "hung"));
    assert.ok(by(garbage.port).outcomes.some((o) => o.failure?.kind === "garbage"));
    assert.ok(by(refused).outcomes.every((o) => o.failure?.kind === "refused"));

    const health = evaluateEnsemble("fake", snaps, 1000);
    const state = (p: number) => health.servers.find((s) => s.server === `127.0.0.1:${p}`)!.state;
    assert.equal(state(leader.port), "leader");
    assert.equal(state(follower.port), "follower");
    assert.equal(state(hung.port), "hung");
    assert.equal(state(refused), "down");
    assert.equal(state(garbage.port), "unknown");
    assert.equal(collector.stats.errors.size > 0, true);
    // Two more cycles; afterwards no socket is left open on any fake server.
    await collector.collectOnce();
    await collector.collectOnce();
    await eventually(() => [leader, follower, hung, garbage].every((s) => s.openConnections() === 0), "no socket left open");
  });

  test("AdminServer off: the four-letter words fill in, and the failure is reported", async () => {
    const zk = await fakeFourLetterServer((cmd) =>
      cmd === "mntr" || cmd === "srvr" ? { kind: "reply", text: LEADER[cmd] } : { kind: "reply", text: `${cmd} is not executed because it is not in the whitelist.` },
    );
    servers.push(zk);
    const adminPort = await closedPort();
    const collector = new Collector({
      ensembles: [{ name: "fake", servers: [parseServerSpec(`127.0.0.1:${zk.port}@${adminPort}`)] }],
      clock: realClock,
      limits: { connectTimeoutMs: 5000, totalTimeoutMs: 10000, maxBytes: 1 << 20 },
      detailEvery: 1,
    });
    const [snap] = (await collector.collectOnce()).ensembles.get("fake")!;
    assert.equal(snap!.monitor?.serverState, "leader");
    assert.equal(snap!.outcomes.find((o) => o.source === "admin:monitor")?.failure?.kind, "admin-off");
    assert.equal(snap!.outcomes.find((o) => o.source === "4lw:conf")?.failure?.kind, "not-whitelisted");
  });

  test("a dead server with an AdminServer port: every source refused, not 'AdminServer off'", async () => {
    const clientPort = await closedPort();
    const adminPort = await closedPort();
    const collector = new Collector({
      ensembles: [{ name: "fake", servers: [parseServerSpec(`127.0.0.1:${clientPort}@${adminPort}`)] }],
      clock: realClock,
      detailEvery: 1,
    });
    const [snap] = (await collector.collectOnce()).ensembles.get("fake")!;
    assert.ok(snap!.outcomes.length > 0);
    assert.deepEqual([...new Set(snap!.outcomes.map((o) => o.failure?.kind))], ["refused"]);
    assert.equal(snap!.outcomes.some((o) => o.source === "4lw:mntr"), false, "no 4lw fill-in for a dead client port");
  });
});
