import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HealthTracker } from "../../src/health/tracker.ts";
import { failing, serving } from "../helpers/snapshots.ts";

const A = "10.0.0.1:2181";
const B = "10.0.0.2:2181";
const C = "10.0.0.3:2181";

describe("health > events", () => {
  test("first evaluation has no events; leader killed → down, leader change, election, verdict", () => {
    const t = new HealthTracker();
    const first = t.update("e", [serving(A, "leader", { id: 1, zxid: 0x100000001n }), serving(B, "follower", { id: 2 }), serving(C, "follower", { id: 3 })], 1000);
    assert.deepEqual(first.events, []);
    const { events } = t.update(
      "e",
      [failing(A, "refused", "connection refused"), serving(B, "leader", { id: 2, zxid: 0x200000000n }), serving(C, "follower", { id: 3, zxid: 0x200000000n })],
      2000,
    );
    assert.deepEqual(
      events.map((e) => [e.kind, e.server ?? "", e.from ?? "", e.to ?? ""]),
      [
        ["server-down", A, "leader", "down"],
        ["server-state-changed", B, "follower", "leader"],
        ["leader-changed", B, A, B],
        ["election", B, "", ""],
        ["verdict-changed", "", "healthy", "degraded"],
      ],
    );
    assert.ok(events.every((e) => e.atMs === 2000 && e.ensemble === "e"));
    assert.equal(t.counters("e").elections, 1);
    assert.equal(t.counters("e").leaderChanges, 1);
    assert.equal(t.events(1500).length, 5);
  });

  test("quorum lost and regained, server up; leader identity survives a leaderless evaluation", () => {
    const t = new HealthTracker();
    const seen: string[] = [];
    t.subscribe((e) => seen.push(e.kind));
    t.update("e", [serving(A, "leader", { id: 1 }), serving(B, "follower", { id: 2 }), serving(C, "follower", { id: 3 })], 1);
    const lost = t.update("e", [failing(A, "not-serving", "x"), failing(B, "refused", "r"), failing(C, "refused", "r")], 2);
    assert.ok(lost.events.some((e) => e.kind === "quorum-lost" && e.message === "quorum lost: 0 of 3 voters serving"));
    const back = t.update("e", [serving(A, "follower", { id: 1, zxid: 0x200000000n }), serving(B, "leader", { id: 2, zxid: 0x200000000n }), failing(C, "refused", "r")], 3);
    const kinds = back.events.map((e) => e.kind);
    assert.ok(kinds.includes("quorum-regained"));
    assert.ok(kinds.includes("server-up"));
    assert.ok(kinds.includes("leader-changed"), "leader A → B although no leader was seen in between");
    assert.deepEqual(seen, [...lost.events, ...back.events].map((e) => e.kind));
  });
});
