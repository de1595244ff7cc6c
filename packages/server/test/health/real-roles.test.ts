// The health model on real ensembles for the roles and misconfigurations that the fault tests do
// not reach: an observer, a server gone read-only, and the servers of two different ensembles
// listed as one (two leaders, different tickTime, different voting views).
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { type Ensemble, startEnsemble } from "@zoosight/testkit";
import { WatchService } from "../../src/api/watch-service.ts";
import { cycleUntil, stateOf, TEST_LIMITS, targetsOf, watch } from "../helpers/real-watch.ts";
import { realClock } from "../helpers/real-clock.ts";

const ensembles: Ensemble[] = [];
after(async () => {
  await Promise.all(ensembles.map((e) => e.close()));
});

async function start(options: Parameters<typeof startEnsemble>[0]): Promise<Ensemble> {
  const e = await startEnsemble(options);
  ensembles.push(e);
  return e;
}

describe("health > roles and misconfigurations on real ensembles", () => {
  it("an observer is classified as observer and is not counted as a voter", async () => {
    const zk = await start({ servers: 3, observers: 1, name: "roles-observer" });
    const service = watch("obs", targetsOf(zk));
    const observer = zk.servers[3]!;
    const { health } = await cycleUntil(service, (h) => h.verdict === "healthy" && stateOf(h, observer.clientAddress) === "observer", "observer seen, ensemble healthy");
    assert.equal(health.votersConfigured, 3, "the observer is not a voter");
    assert.equal(health.votersServing, 3);
    assert.equal(health.leaders.length, 1);
    assert.equal(health.servers.filter((s) => s.state === "follower").length, 2);
  });

  it("a server cut off from its quorum in read-only mode is classified read-only, the ensemble has no quorum", async () => {
    const zk = await start({ servers: 3, readOnlyMode: true, name: "roles-readonly" });
    const service = watch("ro", targetsOf(zk));
    await cycleUntil(service, (h) => h.verdict === "healthy", "healthy first");
    const [survivor, a, b] = zk.servers;
    await Promise.all([a!.kill(), b!.kill()]);
    const { health } = await cycleUntil(service, (h) => stateOf(h, survivor!.clientAddress) === "read-only", "survivor read-only");
    assert.equal(health.verdict, "no-quorum");
    assert.equal(health.votersServing, 0, "a read-only server does not count toward the quorum");
    assert.ok(health.reasons.some((r) => /voters serving/.test(r)), health.reasons.join("; "));
  });

  it("servers of two ensembles listed as one: more than one leader, tickTime and membership drift", async () => {
    const [one, two] = await Promise.all([start({ servers: 3, name: "roles-split-a", tickTime: 500 }), start({ servers: 3, name: "roles-split-b", tickTime: 600 })]);
    // No discovery: the point is what the configured list shows.
    const service = new WatchService({
      ensembles: [{ name: "mixed", servers: [...targetsOf(one), ...targetsOf(two)] }],
      clock: realClock,
      limits: TEST_LIMITS,
      detailEvery: 1,
      discover: false,
    });
    const { health } = await cycleUntil(
      service,
      (h) => h.leaders.length === 2 && h.configDrift.includes("tickTime") && h.configDrift.includes("membership"),
      "two leaders, tickTime and membership drift",
    );
    assert.equal(health.verdict, "multiple-leaders");
    assert.ok(health.reasons.some((r) => /2 servers report themselves leader/.test(r)), health.reasons.join("; "));
    const leaders = new Set(health.leaders);
    assert.ok([...leaders].some((l) => one.servers.some((s) => s.clientAddress === l)), "one leader from each ensemble");
    assert.ok([...leaders].some((l) => two.servers.some((s) => s.clientAddress === l)), "one leader from each ensemble");
  });
});
