import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TsdbCorruptionError } from "../../src/tsdb/errors.ts";
import { frameRecord } from "../../src/tsdb/record-file.ts";
import { Tsdb } from "../../src/tsdb/tsdb-store.ts";
import { bits, fromBits } from "../helpers/float-bits.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "zoosight-wal-"));
  dirs.push(d);
  return d;
}

const open = (dir: string) => Tsdb.open({ dir, clock: { now: () => 0 } });
const ALL = [{ name: "__name__", type: "=~" as const, value: ".+" }];

describe("tsdb > wal", () => {
  it("replays labels with any characters, ids far apart, far timestamps and NaN payloads bit-exactly", () => {
    const dir = tmp();
    const db = open(dir);
    const odd = fromBits(0x7ff8dead_beef0001n);
    const labels = [
      { __name__: "m", v: "ünïcødé \u{1F418} \"quoted\"\n" },
      { __name__: "m", v: "x".repeat(300) },
    ];
    for (let i = 0; i < 200; i++) db.appendSample({ __name__: "filler", i: String(i) }, 1000, i);
    db.appendSample(labels[0]!, 1000, odd);
    db.appendSample(labels[1]!, -(2 ** 50), -0);
    db.appendSample(labels[1]!, 2 ** 50, Number.NEGATIVE_INFINITY);
    db.appendSample(labels[0]!, 2000, 1.5);
    db.flush();
    db.close();
    const again = open(dir);
    const got = again.select([{ name: "__name__", type: "=", value: "m" }], -Infinity, Infinity).sort((a, b) => a.labels.v!.length - b.labels.v!.length);
    assert.deepEqual(got.map((s) => s.labels), labels);
    assert.deepEqual(got[0]!.samples.map((x) => [x.t, bits(x.v)]), [[1000, 0x7ff8deadbeef0001n], [2000, bits(1.5)]]);
    assert.deepEqual(got[1]!.samples.map((x) => [x.t, bits(x.v)]), [[-(2 ** 50), bits(-0)], [2 ** 50, bits(Number.NEGATIVE_INFINITY)]]);
    assert.equal(again.select(ALL, -Infinity, Infinity).length, 202);
    again.close();
  });

  it("still replays the first version's records (JSON series, fixed 20-byte samples)", () => {
    const dir = tmp();
    mkdirSync(join(dir, "wal"), { recursive: true });
    const json = Buffer.from(JSON.stringify({ __name__: "old", server: "s1" }));
    const series = Buffer.concat([Buffer.from([1, 0, 0, 0, 7]), json]);
    const samples = Buffer.alloc(1 + 40);
    samples[0] = 2;
    samples.writeUInt32BE(7, 1);
    samples.writeDoubleBE(1000, 5);
    samples.writeDoubleBE(3.25, 13);
    samples.writeUInt32BE(7, 21);
    samples.writeDoubleBE(2000, 25);
    samples.writeDoubleBE(4.5, 33);
    writeFileSync(join(dir, "wal", "00000001"), Buffer.concat([frameRecord(series), frameRecord(samples)]));
    const db = open(dir);
    assert.deepEqual(db.select(ALL, 0, 10_000), [{ labels: { __name__: "old", server: "s1" }, samples: [{ t: 1000, v: 3.25 }, { t: 2000, v: 4.5 }], staleFree: true }]);
    db.close();
  });

  it("replays a checkpoint (chunks copied from the head) bit-exactly, open chunk included", () => {
    const dir = tmp();
    const db = Tsdb.open({ dir, clock: { now: () => 0 }, blockRangeMs: 60_000 });
    const odd = fromBits(0x7ff0000000000002n);
    // 0 … 140 s in 1 s steps: the flush cuts 0 … 60 s into a block, 60 … 140 s stay in the head
    for (let t = 0; t <= 140_000; t += 1000) db.appendSample({ __name__: "m" }, t, t % 7000 === 0 ? odd : t / 3);
    db.flush();
    assert.equal(db.blocks.length, 1);
    const walDir = join(dir, "wal");
    const before = db.select(ALL, -Infinity, Infinity)[0]!.samples.map((x) => [x.t, bits(x.v)]);
    db.close();
    const again = Tsdb.open({ dir, clock: { now: () => 0 }, blockRangeMs: 60_000 });
    assert.deepEqual(again.select(ALL, -Infinity, Infinity)[0]!.samples.map((x) => [x.t, bits(x.v)]), before);
    assert.equal(before.length, 141);
    assert.ok(readdirSync(walDir).length >= 2);
    again.close();
  });

  it("refuses a chunks record whose checksum is right but whose chunk is cut short", () => {
    const dir = tmp();
    mkdirSync(join(dir, "wal"), { recursive: true });
    const series = Buffer.from([5, 0, 0, 0, 1, 1, 1, 0x61, 1, 0x62]);
    // one chunk claiming 3 samples in 2 bytes
    const chunks = Buffer.from([6, 0, 0, 0, 1, 1, 3, 2, 0x00, 0x00]);
    const file = join(dir, "wal", "00000001");
    writeFileSync(file, Buffer.concat([frameRecord(Uint8Array.of(3)), frameRecord(series), frameRecord(chunks), frameRecord(Uint8Array.of(3))]));
    assert.throws(() => open(dir), (err: unknown) => err instanceof TsdbCorruptionError && err.file === file && /unreadable record of type 6/.test(err.message));
  });

  it("refuses a samples record whose checksum is right but whose varints run past its end", () => {
    const dir = tmp();
    mkdirSync(join(dir, "wal"), { recursive: true });
    const good = Buffer.alloc(13);
    good[0] = 4;
    // base id 1, base t 0, then one sample cut after its id delta
    good.writeUInt32BE(1, 1);
    const bad = Buffer.concat([good, Buffer.from([0x02])]);
    const file = join(dir, "wal", "00000001");
    const body = Buffer.concat([frameRecord(bad), frameRecord(Uint8Array.of(3))]);
    writeFileSync(file, body);
    assert.throws(
      () => open(dir),
      (err: unknown) => err instanceof TsdbCorruptionError && err.file === file && err.offset === 0 && /unreadable record of type 4/.test(err.message),
    );
    assert.deepEqual(readFileSync(file), body, "nothing was cut from the damaged segment");
    assert.deepEqual(readdirSync(join(dir, "wal")), ["00000001"]);
  });
});
