import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateEnsemble } from "../../src/health/ensemble-health.ts";
import { classifyServer } from "../../src/health/server-health.ts";
import { failing, serving, VIEW3 } from "../helpers/snapshots.ts";

const A = "10.0.0.1:2181";
const B = "10.0.0.2:2181";
const C = "10.0.0.3:2181";

describe("health > server state", () => {
  test("mode from mntr/srvr; isro ro → read-only", () => {
    assert.equal(classifyServer(serving(A, "leader"), true).state, "leader");
    assert.equal(classifyServer(serving(A, "observer"), true).state, "observer");
    const ro = serving(A, "read-only");
    assert.equal(classifyServer(ro, true).state, "read-only");
  });

  test("not serving: looking in an ensemble, not-serving when standalone", () => {
    const s = failing(A, "not-serving", "the server is not currently serving requests");
    assert.equal(classifyServer(s, true).state, "looking");
    assert.equal(classifyServer(s, false).state, "not-serving");
  });

  test("hung beats down; refused/unresolvable/unreachable are down; garbage is unknown", () => {
    assert.equal(classifyServer(failing(A, "hung", "connected but no complete answer within 2000 ms"), true).state, "hung");
    const down = classifyServer(failing(A, "refused", "connection refused"), true);
    assert.deepEqual(down, { state: "down", reason: "connection refused" });
    assert.equal(classifyServer(failing(A, "unresolvable", "host name does not resolve (ENOTFOUND)"), true).state, "down");
    assert.equal(classifyServer(failing(A, "garbage", "no zk_ sample"), true).state, "unknown");
    // every connection dropped before an answer (a process dying, maxClientCnxns): clients cannot use it
    assert.equal(classifyServer(failing(A, "closed", "connection reset by the server (ECONNRESET)"), true).state, "down");
  });

  test("4lw not whitelisted and AdminServer off: unknown, saying why", () => {
    const s = failing(A, "not-whitelisted", "'mntr' is not in 4lw.commands.whitelist");
    s.outcomes.push({ source: "admin:monitor", ok: false, durationMs: 1, failure: { kind: "admin-off", reason: "AdminServer not listening" } });
    const c = classifyServer(s, true);
    assert.equal(c.state, "unknown");
    assert.match(c.reason, /whitelist/);
    assert.match(c.reason, /AdminServer not listening/);
  });
});

describe("health > ensemble verdict", () => {
  test("healthy: one leader, all voters serving, lag computed against the leader", () => {
    const h = evaluateEnsemble(
      "e",
      [serving(A, "leader", { id: 1, zxid: 0x100000010n }), serving(B, "follower", { id: 2, zxid: 0x10000000an }), serving(C, "follower", { id: 3, zxid: 0x100000010n })],
      5000,
    );
    assert.equal(h.verdict, "healthy");
    assert.deepEqual(h.reasons, []);
    assert.equal(h.votersConfigured, 3);
    assert.equal(h.votersServing, 3);
    assert.deepEqual(h.leaders, [A]);
    assert.equal(h.servers[1]!.lag, 6);
    assert.equal(h.zxidSpread, 6);
    assert.equal(h.evaluatedAtMs, 5000);
  });

  test("degraded: one voter down, reason in plain words", () => {
    const h = evaluateEnsemble("e", [serving(A, "leader", { id: 1 }), serving(B, "follower", { id: 2 }), failing(C, "refused", "connection refused")], 1);
    assert.equal(h.verdict, "degraded");
    assert.deepEqual(h.reasons, [`${C} is down: connection refused`]);
    assert.equal(h.quorum, true);
  });

  test("no quorum: two of three down", () => {
    const h = evaluateEnsemble(
      "e",
      [failing(A, "not-serving", "not serving"), failing(B, "refused", "connection refused"), failing(C, "refused", "connection refused")],
      1,
    );
    assert.equal(h.verdict, "no-quorum");
    assert.equal(h.reasons[0], "only 0 of 3 voters serving, 2 needed for a quorum");
    assert.equal(h.servers[0]!.state, "looking");
    assert.equal(h.votersUp, 1, "the looking survivor is up; two are down");
  });

  test("voters up: an election (all looking) keeps them up; down and hung voters are not; observers do not count", () => {
    const electing = evaluateEnsemble("e", [A, B, C].map((x) => failing(x, "not-serving", "not serving")), 1);
    assert.equal(electing.votersServing, 0);
    assert.equal(electing.votersUp, 3, "an election is not a lost quorum");
    const view = [...VIEW3, { id: 4, host: "10.0.0.4", role: "observer" as const }];
    const h = evaluateEnsemble(
      "e",
      [
        serving(A, "leader", { id: 1, members: view }),
        failing(B, "hung", "no answer within 2000 ms"),
        serving(C, "follower", { id: 3, members: view }),
        failing("10.0.0.4:2181", "refused", "connection refused"),
      ],
      1,
    );
    assert.equal(h.votersConfigured, 3);
    assert.equal(h.votersUp, 2, "the hung voter is not up; the down observer is no voter");
  });

  test("more than one leader", () => {
    const h = evaluateEnsemble("e", [serving(A, "leader", { id: 1 }), serving(B, "leader", { id: 2 }), serving(C, "follower", { id: 3 })], 1);
    assert.equal(h.verdict, "multiple-leaders");
    assert.match(h.reasons[0]!, /2 servers report themselves leader/);
  });

  test("lag over the threshold, version drift and config drift make it degraded", () => {
    const h = evaluateEnsemble(
      "e",
      [
        serving(A, "leader", { id: 1, zxid: 0x100005000n }),
        serving(B, "follower", { id: 2, zxid: 0x100000001n, version: "3.7.1-x, built" }),
        serving(C, "follower", { id: 3, zxid: 0x100005000n, tickTime: "2000" }),
      ],
      1,
      { maxLag: 100 },
    );
    assert.equal(h.verdict, "degraded");
    assert.ok(h.reasons.includes(`${B} is ${0x4fff} transactions behind the leader`), h.reasons.join("|"));
    assert.deepEqual(h.versions, ["3.7.1-x", "3.8.0-abc"]);
    assert.deepEqual(h.configDrift, ["tickTime"]);
  });

  test("members: unconfigured members are discovered, non-members flagged", () => {
    const view = [...VIEW3, { id: 4, host: "10.0.0.4", role: "participant" as const, clientAddress: "10.0.0.4:2181" }];
    const odd = serving(C, "standalone", { id: 9, members: [] });
    const h = evaluateEnsemble("e", [serving(A, "leader", { id: 1, members: view }), serving(B, "follower", { id: 2, members: view }), odd], 1);
    assert.deepEqual(h.discovered.map((m) => m.id), [3, 4]);
    assert.deepEqual(h.notMembers, [C]);
    assert.equal(h.votersConfigured, 4);
    assert.ok(h.reasons.some((r) => r.includes("member 4 (10.0.0.4:2181) is in the voting view but not configured")));
    assert.ok(h.reasons.some((r) => r.includes(`${C} is configured but not a member`)));
  });

  test("a single standalone server is healthy", () => {
    const h = evaluateEnsemble("e", [serving(A, "standalone")], 1);
    assert.equal(h.verdict, "healthy");
    assert.equal(h.votersConfigured, 1);
    assert.equal(h.quorum, true);
  });
});
