import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readMonitor } from "../../../src/collect/parse/monitor.ts";
import { readMonitorBytes } from "../../../src/collect/parse/monitor-json.ts";
import type { MonitorLayout } from "../../../src/collect/parse/monitor-values.ts";
import { fixture } from "../../helpers/fixtures.ts";

const FOLLOWER = fixture("zk-3.8/follower-admin-monitor.json");
const LEADER = fixture("zk-3.8/leader-admin-monitor.json");
const STANDALONE = fixture("zk-3.8/standalone-admin-monitor.json");

// Answers the bytes reader must read as readMonitor(JSON.parse) does, or leave to it (undefined).
const TEXTS = [
  FOLLOWER,
  LEADER,
  STANDALONE,
  FOLLOWER.replaceAll("\n", "\r\n"),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : 1.5E3'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : -0.25'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : "17"'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : null'),
  FOLLOWER.replace('"znode_count" : 5,', ""),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : 5,\n  "znode_count" : 6'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : 5,\n  "extra_key" : 6'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : 05'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : 1234567890123456789'),
  FOLLOWER.replace('"znode_count" : 5', '"znode_count" : {"a" : 1}'),
  FOLLOWER.replace('"server_state" : "follower"', '"server_state" : "fol\\u006cower"'),
  FOLLOWER.replace('"server_state" : "follower"', '"server_state" : "suivant é"'),
  FOLLOWER.replace('"error" : null', '"error" : "boom"'),
  FOLLOWER.replace('"error" : null', '"error" : null, "version" : "x"'),
  '{"a" : 1, "b" : 2, "c" : 3}',
  '{"b" : 2, "a" : 1, "c" : 3, "d" : 4}',
  '{"7" : 1, "a" : 2}',
  '{"fsynctime{quantile=\\"0.5\\"}" : 1, "a" : 2}',
  '{"a" : true, "b" : false, "c" : 3, "d" : "x"}',
  '{"a" : 1} trailing',
  '{"a" : 1,}',
  '{"command" : "monitor", "error" : null}',
  "{}",
  "[1]",
];

function slow(text: string) {
  try {
    const m = readMonitor(JSON.parse(text));
    return { ...m, values: m.values.toObject(), keys: [...m.values.layout.keys] };
  } catch {
    return "throws";
  }
}

describe("collect > parse > AdminServer monitor from bytes", () => {
  test("reads what readMonitor(JSON.parse) reads, with any layout hint, or leaves it to them", () => {
    const layouts: (MonitorLayout | undefined)[] = [undefined];
    for (const t of TEXTS) {
      const s = slow(t);
      if (s !== "throws") layouts.push(readMonitor(JSON.parse(t)).values.layout);
    }
    let fast = 0;
    for (const text of TEXTS) {
      const expected = slow(text);
      for (const layout of layouts) {
        const m = readMonitorBytes(Buffer.from(text, "utf8"), layout);
        if (m === undefined) continue;
        fast++;
        assert.notEqual(expected, "throws", text.slice(0, 80));
        assert.deepEqual({ ...m, values: m.values.toObject(), keys: [...m.values.layout.keys] }, expected, text.slice(0, 80));
      }
    }
    assert.ok(fast > TEXTS.length, "most answers take the bytes path");
  });

  test("the real answers take the bytes path and keep their layout", () => {
    for (const text of [FOLLOWER, LEADER, STANDALONE]) {
      const layout = readMonitor(JSON.parse(text)).values.layout;
      const m = readMonitorBytes(Buffer.from(text), layout);
      assert.ok(m);
      assert.equal(m.values.layout, layout);
      assert.ok(readMonitorBytes(Buffer.from(text)), "without a layout too");
    }
    const escaped = TEXTS.find((t) => t.includes("\\u006c"))!;
    assert.equal(readMonitorBytes(Buffer.from(escaped)), undefined, "escapes go to JSON.parse");
    assert.equal(readMonitorBytes(Buffer.from(FOLLOWER.replace('"error" : null', '"error" : "boom"'))), undefined);
  });
});
