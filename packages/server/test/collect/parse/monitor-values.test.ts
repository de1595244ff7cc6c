import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseMntr } from "../../../src/collect/parse/monitor.ts";
import { internLayout, monitorValues } from "../../../src/collect/parse/monitor-values.ts";
import { fixture } from "../../helpers/fixtures.ts";

const FOLLOWER = fixture("zk-3.8/follower-mntr.txt");
const LEADER = fixture("zk-3.8/leader-mntr.txt");
const STANDALONE = fixture("zk-3.8/standalone-mntr.txt");

/** Everything parseMntr gives, as plain data. */
function plain(text: string, hint?: ReturnType<typeof parseMntr>["values"]["layout"]) {
  const m = parseMntr(text, hint);
  return { ...m, values: m.values.toObject(), keys: m.values.layout.keys };
}

describe("collect > parse > mntr values and layouts", () => {
  test("a 3.8 answer parsed with its own layout gives the same values and shares the layout", () => {
    const first = parseMntr(FOLLOWER);
    assert.ok(first.values.size > 400);
    const again = parseMntr(FOLLOWER, first.values.layout);
    assert.equal(again.values.layout, first.values.layout);
    assert.deepEqual(again.values.toObject(), first.values.toObject());
    assert.equal(again.serverState, "follower");
    assert.equal(again.values.get("avg_follower_sync_time"), 79);
    // Another server with the same keys shares the layout too (interned).
    assert.equal(parseMntr(FOLLOWER).values.layout, first.values.layout);
  });

  test("a hint of another layout (leader, follower, standalone, 3.4) never changes the result", () => {
    const texts = [FOLLOWER, LEADER, STANDALONE, "zk_version\t3.4.14\nzk_avg_latency\t0\nzk_followers\t2\n"];
    for (const text of texts) {
      const expected = plain(text);
      for (const other of texts) assert.deepEqual(plain(text, parseMntr(other).values.layout), expected);
    }
    assert.notEqual(parseMntr(LEADER).values.layout, parseMntr(FOLLOWER).values.layout);
  });

  test("changes against the known layout: fewer, more, reordered, repeated keys and other spellings", () => {
    const layout = parseMntr("zk_a\t1\nzk_b\t2\nzk_c\t3\n").values.layout;
    const cases: [string, Record<string, number>][] = [
      ["zk_a\t1\nzk_b\t2\n", { a: 1, b: 2 }],
      ["zk_a\t1\nzk_b\t2\nzk_c\t3\nzk_d\t4\n", { a: 1, b: 2, c: 3, d: 4 }],
      ["zk_b\t2\nzk_a\t1\nzk_c\t3\n", { b: 2, a: 1, c: 3 }],
      ["zk_a\t1\nzk_a\t5\nzk_b\t2\nzk_c\t3\n", { a: 5, b: 2, c: 3 }],
      ["zk_a\t1\r\nzk_b\t 2.5 \r\nzk_c\t1.5E3", { a: 1, b: 2.5, c: 1500 }],
      ["zk_a\tNaN\nzk_b\t-0.25\nzk_c\t-7\n", { a: Number.NaN, b: -0.25, c: -7 }],
    ];
    for (const [text, values] of cases) {
      const m = parseMntr(text, layout);
      assert.deepEqual(m.values.toObject(), values, JSON.stringify(text));
      assert.deepEqual([...m.values.layout.keys], Object.keys(values));
    }
    // A known key whose value is no longer a number becomes a string and leaves the layout.
    const m = parseMntr("zk_a\t1\nzk_b\tsoon\nzk_c\t3\n", layout);
    assert.deepEqual(m.values.toObject(), { a: 1, c: 3 });
    assert.deepEqual(m.strings, { b: "soon" });
  });

  test("decimals read without a substring equal Number() of the text", () => {
    const texts = ["0.0", "79.0", "0.1", "-0.5", "123.456", "0.3333333333333", "99999999999999.9", "1234567890123456", "4.", ".5", "1.2.3"];
    const lines = texts.map((t, i) => `zk_k${i}\t${t}`).join("\n");
    const layout = parseMntr(lines).values.layout;
    for (const hint of [undefined, layout]) {
      const m = parseMntr(lines, hint);
      texts.forEach((t, i) => {
        const n = Number(t);
        if (Number.isNaN(n)) assert.equal(m.values.get(`k${i}`), undefined, t);
        else assert.equal(m.values.get(`k${i}`), n, t);
      });
    }
    assert.equal(Object.is(parseMntr("zk_a\t-0.0\n", layout).values.get("a"), -0), true);
  });

  test("monitorValues: lookups, the learners alias, JSON and shared layouts", () => {
    const v = monitorValues({ followers: 2, znode_count: 5 });
    assert.equal(v.get("learners"), 2);
    assert.equal(v.get("followers"), 2);
    assert.equal(v.has("znode_count"), true);
    assert.equal(v.get("missing"), undefined);
    assert.equal(v.size, 3);
    assert.deepEqual(JSON.parse(JSON.stringify(v)), { followers: 2, znode_count: 5, learners: 2 });
    assert.equal(monitorValues({ followers: 7, znode_count: 1 }).layout, v.layout);
    assert.equal(monitorValues({ learners: 1, followers: 2 }).get("learners"), 1);
    assert.equal(internLayout(["x", "y"]), internLayout(["x", "y"]));
  });

  test("the layout cache stays bounded whatever keys servers send", () => {
    const first = internLayout(["bounded-0"]);
    for (let i = 1; i < 600; i++) internLayout([`bounded-${i}`]);
    assert.notEqual(internLayout(["bounded-0"]), first, "the oldest layouts were dropped");
    const m = parseMntr("zk_bounded-0\t1\n", first);
    assert.equal(m.values.get("bounded-0"), 1);
  });
});
