// An immutable block file, <data>/blocks/<mint>-<maxt>.block, written once atomically:
//   record: meta JSON {format, version, mint, maxt, series, samples}
//   record per series: u32 labels length | labels JSON | u32 chunks |
//                      per chunk: f64 minT | f64 maxT | u32 count | u32 length | XOR bytes
//   record: end marker "END" + u32 series count
// in the record framing of record-file.ts (length + CRC-32C per record). Loaded whole at start
// (compressed chunks stay compressed in memory) and checked completely; damage is an error.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledMatcher } from "./matchers.ts";
import type { ClosedChunk } from "./mem-series.ts";
import type { Labels, Sample } from "./types.ts";
import { TsdbCorruptionError } from "./errors.ts";
import { writeFileAtomic } from "./fs-util.ts";
import { labelsKey } from "./labels.ts";
import { matchesAll } from "./matchers.ts";
import { Postings } from "./postings.ts";
import { frameRecord, readRecords } from "./record-file.ts";
import { decodeChunk } from "./xor-chunk.ts";

export const BLOCK_FORMAT = "zoosight-block";

export interface BlockSeries {
  labels: Labels;
  key: string;
  chunks: ClosedChunk[];
}

export interface Block {
  file: string;
  mint: number;
  maxt: number;
  bytes: number;
  numSamples: number;
  series: BlockSeries[];
  postings: Postings;
}

export function blockFileName(mint: number, maxt: number): string {
  return `${mint}-${maxt}.block`;
}

/** Writes a block atomically and returns it loaded. Series are sorted by label key. */
export function writeBlock(dir: string, input: { labels: Labels; chunks: ClosedChunk[] }[]): Block {
  const series = input
    .filter((s) => s.chunks.length > 0)
    .map((s) => ({ labels: s.labels, key: labelsKey(s.labels), chunks: s.chunks }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let mint = Infinity;
  let maxt = -Infinity;
  let samples = 0;
  for (const s of series)
    for (const c of s.chunks) {
      mint = Math.min(mint, c.minT);
      maxt = Math.max(maxt, c.maxT);
      samples += c.count;
    }
  const parts: Buffer[] = [frameRecord(Buffer.from(JSON.stringify({ format: BLOCK_FORMAT, version: 1, mint, maxt, series: series.length, samples })))];
  for (const s of series) parts.push(frameRecord(encodeSeries(s)));
  const end = Buffer.alloc(7);
  end.write("END", 0, "latin1");
  end.writeUInt32BE(series.length, 3);
  parts.push(frameRecord(end));
  const data = Buffer.concat(parts);
  const file = join(dir, blockFileName(mint, maxt));
  writeFileAtomic(dir, file, data);
  return index({ file, mint, maxt, bytes: data.length, numSamples: samples, series });
}

function encodeSeries(s: BlockSeries): Buffer {
  const json = Buffer.from(JSON.stringify(s.labels));
  let size = 8 + json.length;
  for (const c of s.chunks) size += 24 + c.bytes.length;
  const out = Buffer.allocUnsafe(size);
  let o = out.writeUInt32BE(json.length, 0);
  out.set(json, o);
  o = out.writeUInt32BE(s.chunks.length, o + json.length);
  for (const c of s.chunks) {
    o = out.writeDoubleBE(c.minT, o);
    o = out.writeDoubleBE(c.maxT, o);
    o = out.writeUInt32BE(c.count, o);
    o = out.writeUInt32BE(c.bytes.length, o);
    out.set(c.bytes, o);
    o += c.bytes.length;
  }
  return out;
}

function index(b: Omit<Block, "postings">): Block {
  const postings = new Postings();
  b.series.forEach((s, i) => {
    postings.add(i, s.labels);
  });
  return { ...b, postings };
}

/** Reads and verifies a block file completely; throws TsdbCorruptionError on any damage. */
export function readBlock(file: string): Block {
  const buf = readFileSync(file);
  const r = readRecords(buf);
  if (r.failure) throw new TsdbCorruptionError(file, r.failure.offset, r.failure.reason);
  const recs = r.records;
  const bad = (offset: number, reason: string) => new TsdbCorruptionError(file, offset, reason);
  if (recs.length < 2) throw bad(buf.length, "block too short (no meta or end record)");
  let meta: { format: string; version: number; mint: number; maxt: number; series: number; samples: number };
  try {
    meta = JSON.parse(Buffer.from(recs[0]!.payload).toString("utf8"));
  } catch {
    throw bad(0, "unreadable meta record");
  }
  if (meta.format !== BLOCK_FORMAT || meta.version !== 1) throw bad(0, `not a version-1 ${BLOCK_FORMAT} file`);
  const last = recs[recs.length - 1]!;
  const endOk = last.payload.length === 7 && Buffer.from(last.payload.subarray(0, 3)).toString("latin1") === "END";
  if (!endOk || recs.length - 2 !== meta.series) throw bad(last.offset, "missing end record or wrong series count (truncated block)");
  const series: BlockSeries[] = [];
  let samples = 0;
  for (let i = 1; i < recs.length - 1; i++) {
    const { offset, payload } = recs[i]!;
    try {
      const s = decodeSeries(payload);
      for (const c of s.chunks) samples += c.count;
      series.push(s);
    } catch (err) {
      throw bad(offset, `unreadable series record (${(err as Error).message})`);
    }
  }
  if (samples !== meta.samples) throw bad(0, `meta says ${meta.samples} samples, chunks hold ${samples}`);
  return index({ file, mint: meta.mint, maxt: meta.maxt, bytes: buf.length, numSamples: samples, series });
}

function decodeSeries(p: Uint8Array): BlockSeries {
  const b = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  const jl = b.readUInt32BE(0);
  const labels = JSON.parse(b.toString("utf8", 4, 4 + jl)) as Labels;
  let o = 4 + jl;
  const n = b.readUInt32BE(o);
  o += 4;
  const chunks: ClosedChunk[] = [];
  for (let i = 0; i < n; i++) {
    const minT = b.readDoubleBE(o);
    const maxT = b.readDoubleBE(o + 8);
    const count = b.readUInt32BE(o + 16);
    const len = b.readUInt32BE(o + 20);
    o += 24;
    if (o + len > b.length) throw new RangeError("chunk runs past its record");
    chunks.push({ minT, maxT, count, bytes: b.subarray(o, o + len) });
    o += len;
  }
  if (o !== b.length) throw new RangeError("trailing bytes after the chunks");
  return { labels, key: labelsKey(labels), chunks };
}

export function blockMatching(b: Block, ms: readonly CompiledMatcher[]): BlockSeries[] {
  const out: BlockSeries[] = [];
  for (const i of b.postings.candidates(ms)) {
    const s = b.series[i]!;
    if (matchesAll(s.labels, ms)) out.push(s);
  }
  return out;
}

export function blockSamples(s: BlockSeries, mint: number, maxt: number, out: Sample[]): void {
  for (const c of s.chunks) if (c.maxT >= mint && c.minT <= maxt) decodeChunk(c.bytes, c.count, out, mint, maxt);
}
