import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TsdbCorruptionError } from "../../src/tsdb/errors.ts";
import { Tsdb } from "../../src/tsdb/tsdb-store.ts";
import { isStaleNaN } from "../../src/tsdb/types.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "zoosight-tsdb-"));
  dirs.push(d);
  return d;
}

const RANGE = 60_000;
let now = 0;
const clock = { now: () => now };

function open(dir: string, extra: Partial<Parameters<typeof Tsdb.open>[0]> = {}): Tsdb {
  return Tsdb.open({ dir, clock, blockRangeMs: RANGE, ...extra });
}

/** Appends `n` scrapes of 3 series from one source, 10 s apart, starting at t0. */
function scrape(db: Tsdb, t0: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = t0 + i * 10_000;
    db.append({
      ensemble: "e",
      server: "s1",
      timestampMs: t,
      samples: [
        { name: "zk_up", labels: { ensemble: "e", server: "s1" }, value: 1 },
        { name: "zk_znodes", labels: { ensemble: "e", server: "s1" }, value: t / 1000 },
        { name: "zk_latency", labels: { ensemble: "e", server: "s1", q: "0.5" }, value: Math.sin(t) },
      ],
    });
  }
}

const ALL = [{ name: "__name__", type: "=~" as const, value: ".+" }];

function dump(db: Tsdb, mint = -Infinity, maxt = Infinity): string {
  return JSON.stringify(
    db
      .select(ALL, mint, maxt)
      .map((s) => ({ l: s.labels, s: s.samples.map((x) => [x.t, isStaleNaN(x.v) ? "stale" : String(x.v)]) }))
      .sort((a, b) => (JSON.stringify(a.l) < JSON.stringify(b.l) ? -1 : 1)),
  );
}

describe("tsdb > store", () => {
  it("keeps what was flushed across a restart, stale markers included", () => {
    const dir = tmp();
    const db = open(dir);
    scrape(db, 0, 3);
    db.append({ ensemble: "e", server: "s1", timestampMs: 30_000, samples: [{ name: "zk_up", labels: { ensemble: "e", server: "s1" }, value: 1 }] });
    db.flush();
    const before = dump(db);
    assert.match(before, /stale/);
    db.close();
    const again = open(dir);
    assert.equal(dump(again), before);
    again.close();
  });

  it("cuts blocks once the head spans 1.5 ranges, checkpoints the WAL, and merges blocks with the head", () => {
    const dir = tmp();
    const db = open(dir);
    scrape(db, 0, 40); // 0 … 390 s: several 60 s ranges
    db.flush();
    assert.ok(db.blocks.length >= 4, `${db.blocks.length} blocks`);
    assert.equal(readdirSync(join(dir, "wal")).length, 2, "checkpoint + current segment");
    const [znodes] = db.select([{ name: "__name__", type: "=", value: "zk_znodes" }], 0, 400_000);
    assert.deepEqual(
      znodes!.samples.map((s) => s.t),
      Array.from({ length: 40 }, (_, i) => i * 10_000),
    );
    assert.deepEqual(db.labelValues("q", 0, 30_000), ["0.5"]);
    assert.deepEqual(db.labelNames(100_000, 110_000, [{ name: "__name__", type: "=", value: "zk_up" }]), ["__name__", "ensemble", "server"]);
    // a sample older than the newest block is refused and counted
    assert.equal(db.appendSample({ __name__: "zk_up", ensemble: "e", server: "s1" }, 5_000, 1), false);
    assert.equal(db.stats.outOfBounds, 1);
    const before = dump(db);
    db.close();
    const again = open(dir);
    assert.equal(dump(again), before);
    scrape(again, 400_000, 2);
    again.flush();
    assert.equal(again.select([{ name: "__name__", type: "=", value: "zk_up" }], 0, 1e9)[0]!.samples.length, 42);
    again.close();
  });

  it("deletes blocks older than the retention time (injected clock)", () => {
    const dir = tmp();
    now = 0;
    const db = open(dir, { retentionTimeMs: 120_000 });
    scrape(db, 0, 40);
    now = 390_000;
    db.flush();
    assert.ok(db.blocksDeleted > 0);
    for (const b of db.blocks) assert.ok(b.maxt >= now - 120_000, `block ${b.file} kept`);
    assert.deepEqual(db.select([{ name: "__name__", type: "=", value: "zk_up" }], 0, 100_000), []);
    assert.equal(db.select([{ name: "__name__", type: "=", value: "zk_up" }], 300_000, 400_000)[0]!.samples.length, 10);
    db.close();
  });

  it("deletes the oldest blocks while the data exceeds the retention size", () => {
    const dir = tmp();
    const db = open(dir);
    scrape(db, 0, 40);
    db.flush();
    const total = db.diskBytes();
    const newest = db.blocks[db.blocks.length - 1]!;
    db.close();
    const limited = open(dir, { retentionBytes: total - 1 });
    limited.flush();
    assert.ok(limited.blocksDeleted >= 1);
    assert.ok(limited.diskBytes() <= total - 1);
    assert.ok(limited.blocks.some((b) => b.file === newest.file), "the newest block is kept");
    limited.close();
  });

  it("refuses to start on a block with a flipped byte or truncated, naming file and offset", () => {
    const dir = tmp();
    const db = open(dir);
    scrape(db, 0, 40);
    db.close();
    const blocksDir = join(dir, "blocks");
    const [first, second] = readdirSync(blocksDir).sort();
    const f1 = join(blocksDir, first!);
    const buf = readFileSync(f1);
    buf[buf.length - 20]! ^= 0x40;
    writeFileSync(f1, buf);
    assert.throws(
      () => open(dir),
      (err: unknown) => err instanceof TsdbCorruptionError && err.file === f1 && err.offset > 0 && err.offset < buf.length && /checksum/.test(err.message),
    );
    buf[buf.length - 20]! ^= 0x40;
    writeFileSync(f1, buf);
    const f2 = join(blocksDir, second!);
    truncateSync(f2, statSync(f2).size - 3);
    assert.throws(() => open(dir), (err: unknown) => err instanceof TsdbCorruptionError && err.file === f2 && err.message.includes(f2));
  });

  it("cuts a torn WAL tail with a warning, but refuses damage inside an older segment", () => {
    const dir = tmp();
    const db = open(dir);
    scrape(db, 0, 3);
    db.flush();
    scrape(db, 30_000, 2);
    db.flush();
    db.close();
    const walDir = join(dir, "wal");
    const seg = join(walDir, readdirSync(walDir).sort().pop()!);
    const size = statSync(seg).size;
    truncateSync(seg, size - 5);
    const warnings: string[] = [];
    const reopened = open(dir, { warn: (m) => warnings.push(m) });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /torn tail/);
    assert.ok(warnings[0]!.includes(seg));
    // the first flush (3 scrapes) survives whole; the torn record (the second flush) is gone
    const up = reopened.select([{ name: "__name__", type: "=", value: "zk_up" }], 0, 1e9)[0]!;
    assert.deepEqual(up.samples.map((s) => s.t), [0, 10_000, 20_000]);
    reopened.close();
    // now damage the same (no longer newest) segment in the middle
    const buf = readFileSync(seg);
    buf[20]! ^= 0xff;
    writeFileSync(seg, buf);
    assert.throws(() => open(dir), (err: unknown) => err instanceof TsdbCorruptionError && err.file === seg);
  });
});
