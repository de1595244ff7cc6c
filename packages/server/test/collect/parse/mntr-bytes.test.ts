import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ParseError } from "../../../src/collect/errors.ts";
import { parseMntr, parseMntrBytes } from "../../../src/collect/parse/monitor.ts";
import type { MonitorLayout } from "../../../src/collect/parse/monitor-values.ts";
import { fixture } from "../../helpers/fixtures.ts";

const FOLLOWER = fixture("zk-3.8/follower-mntr.txt");
const LEADER = fixture("zk-3.8/leader-mntr.txt");
const STANDALONE = fixture("zk-3.8/standalone-mntr.txt");

const TEXTS = [
  FOLLOWER,
  LEADER,
  STANDALONE,
  FOLLOWER.replaceAll("\n", "\r\n"),
  "zk_version\t3.4.14\nzk_avg_latency\t0\nzk_followers\t2\n",
  "zk_a\t1\nzk_b\t2\nzk_c\t3\n",
  "zk_a\t1\nzk_b\t2\n",
  "zk_b\t2\nzk_a\t1\nzk_c\t3\nzk_d\t4",
  "zk_a\t1\nzk_a\t5\nzk_b\t2\nzk_c\t3\n",
  "zk_a\t1\r\nzk_b\t 2.5 \r\nzk_c\t1.5E3",
  "zk_a\tNaN\nzk_b\t-0.25\nzk_c\t-7\nzk_d\t1.\nzk_e\t.5\nzk_f\t1234567890123456\n",
  "zk_a\t1\nzk_b\tsoon\nzk_c\t3\n\nnot a line\nzk_\t4\n",
  'zk_fsynctime{quantile="0.5"}\tNaN\nzk_jvm_pool{pool="Code Cache"}\t1.2E8\nzk_commit_count\t11438.0\n',
  "zk_version\t3.8.0 café, built on 2022\nzk_clé\t7\nzk_a\t1\r",
];

/** Everything the parser gives, as plain data (NaN compares equal under deepEqual). */
function plain(m: ReturnType<typeof parseMntr>) {
  return { ...m, values: m.values.toObject(), keys: [...m.values.layout.keys] };
}

describe("collect > parse > mntr from bytes", () => {
  test("gives what parseMntr gives for the same text, with any layout hint", () => {
    const layouts: (MonitorLayout | undefined)[] = [undefined, ...TEXTS.map((t) => parseMntr(t).values.layout)];
    for (const text of TEXTS) {
      const bytes = Buffer.from(text, "utf8");
      for (const layout of layouts) {
        const fromText = parseMntr(text, layout);
        const fromBytes = parseMntrBytes(bytes, layout);
        assert.deepEqual(plain(fromBytes), plain(fromText), JSON.stringify(text.slice(0, 60)));
        // The same interned layout, so the next answer takes the fast path again.
        assert.equal(fromBytes.values.layout, fromText.values.layout);
      }
    }
  });

  test("the known layout's values are read in place", () => {
    const layout = parseMntr(FOLLOWER).values.layout;
    const m = parseMntrBytes(Buffer.from(FOLLOWER.replace("zk_avg_follower_sync_time\t79.0\n", "zk_avg_follower_sync_time\t-12.25\n")), layout);
    assert.equal(m.values.layout, layout);
    assert.equal(m.values.get("avg_follower_sync_time"), -12.25);
    assert.equal(m.serverState, "follower");
    assert.equal(m.peerState, "following - broadcast");
  });

  test("garbage is rejected as by parseMntr", () => {
    assert.throws(() => parseMntrBytes(Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n")), ParseError);
    assert.throws(() => parseMntrBytes(Buffer.alloc(0), parseMntr(FOLLOWER).values.layout), ParseError);
  });
});
