import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryTsdb } from "../../src/tsdb/tsdb.ts";
import { InvalidMatcherError, isStaleNaN, SampleLimitError, STALE_NAN } from "../../src/tsdb/types.ts";
import { bits, fromBits } from "../helpers/float-bits.ts";


function load(): MemoryTsdb {
  const db = new MemoryTsdb();
  const series: Record<string, string>[] = [
    { __name__: "zk_up", ensemble: "a", server: "h1:2181" },
    { __name__: "zk_up", ensemble: "a", server: "h2:2181" },
    { __name__: "zk_up", ensemble: "b", server: "h3:2181" },
    { __name__: "zk_latency", ensemble: "a", server: "h1:2181", quantile: "0.5" },
  ];
  for (const l of series) for (let t = 0; t < 10; t++) db.appendSample(l, t * 1000, t);
  return db;
}

describe("tsdb > head", () => {
  it("selects by equality, inequality and anchored regex matchers", () => {
    const db = load();
    const servers = (ms: Parameters<MemoryTsdb["select"]>[0]) =>
      db.select(ms, 0, 9000).map((s) => `${s.labels.__name__}/${s.labels.server}`).sort();
    assert.deepEqual(servers([{ name: "__name__", type: "=", value: "zk_up" }, { name: "ensemble", type: "=", value: "a" }]), ["zk_up/h1:2181", "zk_up/h2:2181"]);
    assert.deepEqual(servers([{ name: "__name__", type: "=", value: "zk_up" }, { name: "ensemble", type: "!=", value: "a" }]), ["zk_up/h3:2181"]);
    // anchored: "h" alone does not match "h1:2181"
    assert.deepEqual(servers([{ name: "server", type: "=~", value: "h" }]), []);
    assert.deepEqual(servers([{ name: "server", type: "=~", value: "h[12].*" }]), ["zk_latency/h1:2181", "zk_up/h1:2181", "zk_up/h2:2181"]);
    assert.deepEqual(servers([{ name: "__name__", type: "=~", value: "zk_.*" }, { name: "server", type: "!~", value: "h1.*|h2.*" }]), ["zk_up/h3:2181"]);
    // a matcher on an absent label that accepts "" matches series without it
    assert.deepEqual(servers([{ name: "__name__", type: "=~", value: "zk_.+" }, { name: "quantile", type: "=", value: "" }]), ["zk_up/h1:2181", "zk_up/h2:2181", "zk_up/h3:2181"]);
    assert.deepEqual(servers([{ name: "quantile", type: "=~", value: "0\\.5" }]), ["zk_latency/h1:2181"]);
  });

  it("takes regexes in RE2 syntax as Prometheus does: (?i) and dot matching a newline", () => {
    const db = load();
    db.appendSample({ __name__: "zk_info", note: "line one\nline two" }, 0, 1);
    const names = (ms: Parameters<MemoryTsdb["select"]>[0]) => db.select(ms, 0, 9000).map((s) => s.labels.server ?? s.labels.note).sort();
    assert.deepEqual(names([{ name: "server", type: "=~", value: "(?i)H3:.*" }]), ["h3:2181"]);
    assert.deepEqual(names([{ name: "note", type: "=~", value: "line one.line two" }]), ["line one\nline two"]);
  });

  it("returns samples within [mint, maxt] inclusive", () => {
    const db = load();
    const [s] = db.select([{ name: "server", type: "=", value: "h3:2181" }], 2000, 4000);
    assert.deepEqual(s!.samples, [{ t: 2000, v: 2 }, { t: 3000, v: 3 }, { t: 4000, v: 4 }]);
    assert.deepEqual(db.select([{ name: "server", type: "=", value: "h3:2181" }], 10_000, 20_000), []);
  });

  it("rejects a regex that does not compile with InvalidMatcherError", () => {
    assert.throws(() => load().select([{ name: "server", type: "=~", value: "(" }], 0, 1), InvalidMatcherError);
  });

  it("lists label names and values, restricted by time and matchers", () => {
    const db = load();
    db.appendSample({ __name__: "late", job: "x" }, 50_000, 1);
    assert.deepEqual(db.labelNames(0, 9000), ["__name__", "ensemble", "quantile", "server"]);
    assert.deepEqual(db.labelNames(0, 60_000), ["__name__", "ensemble", "job", "quantile", "server"]);
    assert.deepEqual(db.labelValues("server", 0, 9000, [{ name: "ensemble", type: "=", value: "a" }]), ["h1:2181", "h2:2181"]);
    assert.deepEqual(db.labelValues("__name__", 0, 9000), ["zk_latency", "zk_up"]);
  });

  it("refuses and counts out-of-order samples and conflicting duplicates; identical duplicates are silent", () => {
    const db = new MemoryTsdb();
    const l = { __name__: "m" };
    assert.equal(db.appendSample(l, 1000, 1), true);
    assert.equal(db.appendSample(l, 2000, 2), true);
    assert.equal(db.appendSample(l, 1500, 9), false);
    assert.equal(db.appendSample(l, 2000, 3), false);
    assert.equal(db.appendSample(l, 2000, 2), false);
    assert.equal(db.appendSample(l, 2000, Number.NaN), false);
    assert.equal(db.stats.outOfOrder, 1);
    assert.equal(db.stats.duplicateConflicts, 2);
    assert.equal(db.stats.duplicatesIgnored, 1);
    assert.equal(db.appendSample(l, 2.5, 1), false);
    assert.equal(db.stats.outOfBounds, 1);
    assert.deepEqual(db.select([{ name: "__name__", type: "=", value: "m" }], 0, 5000)[0]!.samples, [{ t: 1000, v: 1 }, { t: 2000, v: 2 }]);
  });

  it("stores NaN payloads, ±Inf and -0 bit-exactly, including the stale marker", () => {
    const db = new MemoryTsdb();
    // bit patterns, not a number[]: V8 may canonicalise NaNs kept in an array of doubles
    const patterns = [0x7ff0000000000002n, 0x7ff8000000000000n, 0x7ff8000000000001n, 0xfff0000000000abcn, bits(Infinity), bits(-Infinity), bits(-0), 0n, 1n, bits(-Number.MAX_VALUE)];
    for (const [i, b] of patterns.entries()) db.appendSample({ __name__: "x" }, i * 15_000, fromBits(b));
    const got = db.select([{ name: "__name__", type: "=", value: "x" }], 0, 1e9)[0]!.samples;
    assert.deepEqual(got.map((s) => bits(s.v)), patterns);
    assert.equal(isStaleNaN(got[0]!.v), true);
    assert.equal(isStaleNaN(got[1]!.v), false);
    assert.equal(bits(STALE_NAN), 0x7ff0000000000002n);
  });

  it("writes a stale marker for a series that one source stops reporting", () => {
    const db = new MemoryTsdb();
    const up = { name: "zk_up", labels: { ensemble: "a", server: "h1" }, value: 1 };
    const conns = { name: "zk_conns", labels: { ensemble: "a", server: "h1" }, value: 5 };
    const other = { name: "zk_up", labels: { ensemble: "a", server: "h2" }, value: 1 };
    db.append({ ensemble: "a", server: "h1", timestampMs: 1000, samples: [up, conns] });
    db.append({ ensemble: "a", server: "h2", timestampMs: 1100, samples: [other] });
    db.append({ ensemble: "a", server: "h1", timestampMs: 2000, samples: [up] });
    db.append({ ensemble: "a", server: "h1", timestampMs: 3000, samples: [up] });
    const [c] = db.select([{ name: "__name__", type: "=", value: "zk_conns" }], 0, 5000);
    assert.equal(c!.samples.length, 2);
    assert.deepEqual(c!.samples[0], { t: 1000, v: 5 });
    assert.equal(c!.samples[1]!.t, 2000);
    assert.equal(isStaleNaN(c!.samples[1]!.v), true);
    // the other source's series is not made stale by h1's batches
    const [o] = db.select([{ name: "server", type: "=", value: "h2" }], 0, 5000);
    assert.deepEqual(o!.samples, [{ t: 1100, v: 1 }]);
    assert.equal(db.stats.staleMarkers, 1);
    // a series that comes back continues after its marker
    db.append({ ensemble: "a", server: "h1", timestampMs: 4000, samples: [up, conns] });
    assert.equal(db.select([{ name: "__name__", type: "=", value: "zk_conns" }], 0, 5000)[0]!.samples.length, 3);
  });

  it("keeps label values with arbitrary characters apart", () => {
    const db = new MemoryTsdb();
    db.appendSample({ __name__: "m", a: "1:x", b: "" }, 1, 1);
    db.appendSample({ __name__: "m", a: "1", b: ":x" }, 1, 2);
    db.appendSample({ __name__: "m", a: "é\u0000\n\"\\" }, 1, 3);
    assert.equal(db.head.numSeries, 3);
    assert.deepEqual(db.labelValues("a", 0, 10), ["1", "1:x", "é\u0000\n\"\\"]);
    // the empty value is the absent label
    assert.deepEqual(db.labelNames(0, 10, [{ name: "a", type: "=", value: "1:x" }]), ["__name__", "a"]);
  });

  it("stops a select that would exceed its sample budget", () => {
    const db = load();
    const all = [{ name: "__name__", type: "=~" as const, value: ".+" }];
    assert.throws(() => db.select(all, 0, 9000, { sampleLimit: 39 }), SampleLimitError);
    assert.equal(db.select(all, 0, 9000, { sampleLimit: 40 }).length, 4);
    assert.equal(db.select(all, 0, 0, { sampleLimit: 4 }).length, 4);
  });
});
