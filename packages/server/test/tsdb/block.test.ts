import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { ClosedChunk } from "../../src/tsdb/mem-series.ts";
import type { Sample } from "../../src/tsdb/types.ts";
import { blockSamples, readBlock, writeBlock } from "../../src/tsdb/block.ts";
import { TsdbCorruptionError, TsdbFormatVersionError } from "../../src/tsdb/errors.ts";
import { frameRecord, readRecords } from "../../src/tsdb/record-file.ts";
import { ChunkEncoder } from "../../src/tsdb/xor-chunk.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "zoosight-block-"));
  dirs.push(d);
  return d;
}

function chunk(samples: [number, number][]): ClosedChunk {
  const e = new ChunkEncoder();
  for (const [t, v] of samples) e.append(t, v);
  return { bytes: e.bytes(), count: e.count, minT: e.minT, maxT: e.maxT };
}

/** Series enough to fill several series records (64 KiB each). */
function input(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    labels: { __name__: `m${i % 7}`, i: String(i), v: i % 2 ? "ünï \u{1F418}" : "plain" },
    chunks: [
      chunk(Array.from({ length: 120 }, (_, j): [number, number] => [-60_000 + j * 500, Math.sin(i + j)])),
      chunk([[1000, i], [1500, i + 0.5]]),
    ],
  }));
}

/** Rewrites the file with its records transformed (each re-framed with a correct CRC). */
function rewrite(file: string, f: (payloads: Uint8Array[]) => Uint8Array[]): void {
  const payloads = readRecords(readFileSync(file)).records.map((r) => r.payload);
  writeFileSync(file, Buffer.concat(f(payloads).map((p) => frameRecord(p))));
}

describe("tsdb > block file", () => {
  it("round-trips labels, chunk bounds and samples through the symbol table and varint index", () => {
    const dir = tmp();
    const written = writeBlock(dir, input(600));
    const read = readBlock(written.file);
    assert.equal(read.numSamples, 600 * 122);
    assert.equal(read.bytes, readFileSync(written.file).length);
    assert.ok(readRecords(readFileSync(written.file)).records.length > 4, "several series records");
    assert.deepEqual([read.mint, read.maxt], [-60_000, 1500]);
    assert.deepEqual(read.series.map((s) => s.labels), written.series.map((s) => s.labels));
    for (const [k, s] of read.series.entries()) {
      const w = written.series[k]!;
      assert.deepEqual(s.chunks.map((c) => [c.minT, c.maxT, c.count]), w.chunks.map((c) => [c.minT, c.maxT, c.count]));
      const a: Sample[] = [];
      const b: Sample[] = [];
      blockSamples(s, -Infinity, Infinity, a);
      blockSamples(w, -Infinity, Infinity, b);
      assert.deepEqual(a, b);
    }
  });

  it("names an earlier version's block (JSON meta) and an unknown version as such", () => {
    const dir = tmp();
    const old = join(dir, "0-1.block");
    writeFileSync(old, frameRecord(Buffer.from(JSON.stringify({ format: "zoosight-block", version: 1, mint: 0, maxt: 1, series: 0, samples: 0 }))));
    assert.throws(
      () => readBlock(old),
      (err: unknown) => err instanceof TsdbFormatVersionError && err.version === 1 && err.file === old && /format version 1; this zoosight reads version 2/.test(err.message),
    );
    const { file } = writeBlock(dir, input(3));
    rewrite(file, (p) => {
      const meta = Uint8Array.from(p[0]!);
      meta[7] = 3;
      return [meta, ...p.slice(1)];
    });
    assert.throws(() => readBlock(file), (err: unknown) => err instanceof TsdbFormatVersionError && err.version === 3);
  });

  it("detects damage that keeps every CRC right: symbol out of range, missing series record, bad counts", () => {
    const dir = tmp();
    const { file } = writeBlock(dir, input(600));
    const good = readFileSync(file);
    const expectCorrupt = (re: RegExp) =>
      assert.throws(() => readBlock(file), (err: unknown) => err instanceof TsdbCorruptionError && !(err instanceof TsdbFormatVersionError) && err.file === file && re.test(err.message));
    rewrite(file, (p) => [p[0]!, Uint8Array.of(1, 1, 0x61), ...p.slice(2)]);
    expectCorrupt(/unreadable series record \(symbol \d+ out of range/);
    writeFileSync(file, good);
    rewrite(file, (p) => [...p.slice(0, 3), ...p.slice(4)]);
    expectCorrupt(/wrong record count/);
    writeFileSync(file, good);
    rewrite(file, (p) => [...p.slice(0, -1), Uint8Array.of(0x45, 0x4e, 0x44, 5)]);
    expectCorrupt(/truncated block/);
    writeFileSync(file, good);
    rewrite(file, (p) => [p[0]!, p[1]!, p[2]!.subarray(0, p[2]!.length - 1), ...p.slice(3)]);
    expectCorrupt(/unreadable series record/);
    writeFileSync(file, good);
    assert.equal(readBlock(file).numSamples, 600 * 122);
  });
});
