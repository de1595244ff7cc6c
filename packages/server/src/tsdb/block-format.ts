// The bytes of a block file (version 2), each part one record in record-file.ts framing
// (u32 length | u32 CRC-32C | payload):
//   meta:    "ZSBLOCK" | u8 version | varint mint | varint maxt | uvarint series | uvarint samples
//            | uvarint series records
//   symbols: uvarint count | (uvarint length, UTF-8 bytes)*   every label name and value, sorted
//   series records (up to SERIES_RECORD_BYTES each), per series, sorted by label key:
//            uvarint labels | (uvarint name ref, uvarint value ref)* | uvarint chunks |
//            per chunk: varint (minT − previous chunk's maxT, first: − block mint) |
//                       uvarint (maxT − minT) | uvarint samples | uvarint bytes | XOR bytes
//   end:     "END" | uvarint series
// Against version 1 (per-series JSON labels, fixed 24-byte chunk headers, one record per series)
// this spends about 14 instead of ~110 bytes of index per series and block, as Prometheus's
// symbol table and varint index do.
import type { ClosedChunk } from "./mem-series.ts";
import type { Labels } from "./types.ts";
import { ByteReader } from "./byte-reader.ts";
import { ByteWriter } from "./byte-writer.ts";
import { crc32c } from "./crc32.ts";
import { RECORD_HEADER } from "./record-file.ts";

export const BLOCK_MAGIC = "ZSBLOCK";
export const BLOCK_VERSION = 2;
const SERIES_RECORD_BYTES = 64 * 1024;

export interface BlockMeta {
  mint: number;
  maxt: number;
  series: number;
  samples: number;
  seriesRecords: number;
}

/** Encodes sorted series into a whole block file. */
export function encodeBlock(series: readonly { labels: Labels; chunks: readonly ClosedChunk[] }[], mint: number, maxt: number, samples: number): Uint8Array {
  const symbols = [...new Set(series.flatMap((s) => Object.entries(s.labels).flat()))].sort();
  const ref = new Map(symbols.map((s, i) => [s, i]));
  const body = new ByteWriter(64 * 1024);
  let records = 0;
  let at = -1;
  for (const s of series) {
    if (at < 0) at = begin(body);
    const names = Object.keys(s.labels);
    body.uvarint(names.length);
    for (const n of names) {
      body.uvarint(ref.get(n)!);
      body.uvarint(ref.get(s.labels[n]!)!);
    }
    body.uvarint(s.chunks.length);
    let prev = mint;
    for (const c of s.chunks) {
      body.varint(c.minT - prev);
      body.uvarint(c.maxT - c.minT);
      body.uvarint(c.count);
      body.uvarint(c.bytes.length);
      body.bytes(c.bytes);
      prev = c.maxT;
    }
    if (body.len - at >= SERIES_RECORD_BYTES) {
      end(body, at);
      records++;
      at = -1;
    }
  }
  if (at >= 0) {
    end(body, at);
    records++;
  }
  const out = new ByteWriter(body.len + 1024);
  let r = begin(out);
  for (let i = 0; i < BLOCK_MAGIC.length; i++) out.u8(BLOCK_MAGIC.charCodeAt(i));
  out.u8(BLOCK_VERSION);
  out.varint(mint);
  out.varint(maxt);
  out.uvarint(series.length);
  out.uvarint(samples);
  out.uvarint(records);
  end(out, r);
  r = begin(out);
  out.uvarint(symbols.length);
  for (const s of symbols) out.string(s);
  end(out, r);
  out.bytes(body.view());
  r = begin(out);
  for (const c of "END") out.u8(c.charCodeAt(0));
  out.uvarint(series.length);
  end(out, r);
  return out.view();
}

function begin(w: ByteWriter): number {
  const at = w.len;
  w.ensure(RECORD_HEADER);
  w.len += RECORD_HEADER;
  return at;
}

function end(w: ByteWriter, at: number): void {
  const start = at + RECORD_HEADER;
  w.setU32(at, w.len - start);
  w.setU32(at + 4, crc32c(w.buf, start, w.len));
}

/**
 * The format version of a meta record: 2+ for this format, 1 for the JSON meta of earlier
 * versions, undefined when it is neither (damage).
 */
export function metaVersion(p: Uint8Array): number | undefined {
  if (p.length > BLOCK_MAGIC.length && Buffer.from(p.subarray(0, BLOCK_MAGIC.length)).toString("latin1") === BLOCK_MAGIC) return p[BLOCK_MAGIC.length];
  if (p[0] !== 0x7b) return undefined;
  try {
    const m = JSON.parse(Buffer.from(p).toString("utf8")) as { format?: unknown; version?: unknown };
    return m.format === "zoosight-block" && typeof m.version === "number" ? m.version : undefined;
  } catch {
    return undefined;
  }
}

export function decodeMeta(p: Uint8Array): BlockMeta {
  const r = new ByteReader(p, BLOCK_MAGIC.length + 1);
  const meta = { mint: r.varint(), maxt: r.varint(), series: r.uvarint(), samples: r.uvarint(), seriesRecords: r.uvarint() };
  if (!r.done) throw new RangeError("trailing bytes in the meta record");
  return meta;
}

export function decodeSymbols(p: Uint8Array): string[] {
  const r = new ByteReader(p);
  const n = r.uvarint();
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.string());
  if (!r.done) throw new RangeError("trailing bytes in the symbol table");
  return out;
}

/** Decodes one series record; chunk bytes are views into `p` (the file buffer). */
export function decodeSeriesRecord(p: Uint8Array, symbols: readonly string[], mint: number, out: { labels: Labels; chunks: ClosedChunk[] }[]): void {
  const r = new ByteReader(p);
  const sym = (i: number) => {
    const s = symbols[i];
    if (s === undefined) throw new RangeError(`symbol ${i} out of range (${symbols.length} symbols)`);
    return s;
  };
  while (!r.done) {
    const labels: Record<string, string> = {};
    const nl = r.uvarint();
    for (let i = 0; i < nl; i++) {
      const name = sym(r.uvarint());
      labels[name] = sym(r.uvarint());
    }
    const nc = r.uvarint();
    const chunks: ClosedChunk[] = [];
    let prev = mint;
    for (let i = 0; i < nc; i++) {
      const minT = prev + r.varint();
      const maxT = minT + r.uvarint();
      const count = r.uvarint();
      const bytes = r.bytes(r.uvarint());
      if (count === 0) throw new RangeError("chunk with no samples");
      chunks.push({ minT, maxT, count, bytes });
      prev = maxT;
    }
    out.push({ labels, chunks });
  }
}

export function isEndRecord(p: Uint8Array): number | undefined {
  if (p.length < 4 || p[0] !== 0x45 || p[1] !== 0x4e || p[2] !== 0x44) return undefined;
  try {
    const r = new ByteReader(p, 3);
    const n = r.uvarint();
    return r.done ? n : undefined;
  } catch {
    return undefined;
  }
}
