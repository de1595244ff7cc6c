// An immutable block file, <data>/blocks/<mint>-<maxt>.block, written once atomically (temp
// file, fsync, rename) in the format of block-format.ts. Loaded whole at start (compressed chunks
// stay compressed in memory, as views into the file's buffer) and checked completely: every
// record's CRC, the meta, the symbol table, every series, the end marker and the counts. Any
// damage is a TsdbCorruptionError naming the file and the record's byte offset; a file of another
// format version a TsdbFormatVersionError.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledMatcher } from "./matchers.ts";
import type { ClosedChunk } from "./mem-series.ts";
import type { Labels, Sample } from "./types.ts";
import { BLOCK_VERSION, decodeMeta, decodeSeriesRecord, decodeSymbols, encodeBlock, isEndRecord, metaVersion } from "./block-format.ts";
import { TsdbCorruptionError, TsdbFormatVersionError } from "./errors.ts";
import { writeFileAtomic } from "./fs-util.ts";
import { labelsKey } from "./labels.ts";
import { matchesAll } from "./matchers.ts";
import { Postings } from "./postings.ts";
import { readRecords } from "./record-file.ts";
import { decodeChunk } from "./xor-chunk.ts";

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
  const data = encodeBlock(series, mint, maxt, samples);
  const file = join(dir, blockFileName(mint, maxt));
  writeFileAtomic(dir, file, data);
  return index({ file, mint, maxt, bytes: data.length, numSamples: samples, series });
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
  const bad = (offset: number, reason: string) => new TsdbCorruptionError(file, offset, reason);
  const recs = r.records;
  // the version first: a file of another version is named as such, not as damage
  const version = recs[0] ? metaVersion(recs[0].payload) : undefined;
  if (version !== undefined && version !== BLOCK_VERSION) throw new TsdbFormatVersionError(file, version, BLOCK_VERSION);
  if (r.failure) throw bad(r.failure.offset, r.failure.reason);
  if (recs.length < 3) throw bad(buf.length, "block too short (no meta, symbols or end record)");
  if (version === undefined) throw bad(0, "not a zoosight block (unknown meta record)");
  const meta = decodeOr(bad, 0, "meta", () => decodeMeta(recs[0]!.payload));
  const symbols = decodeOr(bad, recs[1]!.offset, "symbol table", () => decodeSymbols(recs[1]!.payload));
  const last = recs[recs.length - 1]!;
  if (recs.length - 3 !== meta.seriesRecords || isEndRecord(last.payload) !== meta.series) {
    throw bad(last.offset, "missing end record or wrong record count (truncated block)");
  }
  const raw: { labels: Labels; chunks: ClosedChunk[] }[] = [];
  for (let i = 2; i < recs.length - 1; i++) {
    const { offset, payload } = recs[i]!;
    decodeOr(bad, offset, "series record", () => decodeSeriesRecord(payload, symbols, meta.mint, raw));
  }
  let samples = 0;
  for (const s of raw) for (const c of s.chunks) samples += c.count;
  if (raw.length !== meta.series) throw bad(0, `meta says ${meta.series} series, records hold ${raw.length}`);
  if (samples !== meta.samples) throw bad(0, `meta says ${meta.samples} samples, chunks hold ${samples}`);
  const series = raw.map((s) => ({ labels: s.labels, key: labelsKey(s.labels), chunks: s.chunks }));
  return index({ file, mint: meta.mint, maxt: meta.maxt, bytes: buf.length, numSamples: samples, series });
}

function decodeOr<T>(bad: (offset: number, reason: string) => Error, offset: number, what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw bad(offset, `unreadable ${what} (${(err as Error).message})`);
  }
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
