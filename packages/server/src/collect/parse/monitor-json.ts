// The AdminServer's `monitor` answer read straight from its bytes: a flat JSON object of ~490
// members ({"version" : "…", "server_state" : "follower", "znode_count" : 5, …}). JSON.parse made
// it a ~490-key dictionary per server per cycle and readMonitor walked it (with the key layout
// re-joined to be interned): about 40% of the collector's busy time with keep-alive. Here, while
// the numeric members follow the server's previous layout, each key is compared byte by byte and
// its number read in place (no key string, no object). Anything this reader is not sure to read
// exactly as JSON.parse + readMonitor would (escapes, nested values, labelled keys, a repeated key,
// an "error", malformed JSON) makes it return undefined, and the caller takes that slow path.
import { EMPTY_VALUES, ValueList } from "./mntr-reader.ts";
import { type KeyBytes, layoutKeyBytes } from "./layout-key-bytes.ts";
import type { MonitorData } from "./monitor.ts";
import type { MonitorLayout } from "./monitor-values.ts";
import { MonitorValues } from "./monitor-values.ts";
import { parseNumber, POW10 } from "./numbers.ts";

const keyBytes = layoutKeyBytes((key) => key);

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;
const STRING_KEYS = new Set(["version", "server_state", "peer_state"]);
const QUOTE = 34;
const BACKSLASH = 92;

function skipSpace(b: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** End of the string whose opening quote is at `i - 1`, or -1 (escapes, control bytes, no end). */
function stringEnd(b: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 32) return -1;
  }
  return -1;
}

/** End of the JSON number at `i` (its characters only; validated by the caller). */
function numberEnd(b: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69)) break;
  }
  return i;
}

/** A plain decimal at [i, end) ("12", "-0.5", at most 15 digits), exactly as Number() reads it; else undefined. */
function plainDecimal(b: Buffer, i: number, end: number): number | undefined {
  const negative = b[i] === 45;
  if (negative) i++;
  if (i >= end || (b[i] === 48 && i + 1 < end && b[i + 1] !== 46)) return undefined;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15 || fraction === 0) return undefined;
  const v = fraction > 0 ? n / POW10[fraction]! : n;
  return negative ? -v : v;
}

function sameKey(b: Buffer, start: number, end: number, keys: KeyBytes, slot: number): boolean {
  const from = keys.offsets[slot]!;
  if (end - start !== keys.offsets[slot + 1]! - from) return false;
  const kb = keys.bytes;
  for (let j = 0; j < end - start; j++) if (b[start + j] !== kb[from + j]) return false;
  return true;
}

/**
 * readMonitor(JSON.parse(body)) for an answer with `"error" : null`, from its bytes; undefined
 * when the answer needs the slow path. `layout`: the same server's previous monitor layout.
 */
export function readMonitorBytes(b: Buffer, layout?: MonitorLayout): MonitorData | undefined {
  const end = b.length;
  const keys = layout ? keyBytes(layout) : undefined;
  const fast = layout ? new Float64Array(layout.keys.length) : undefined;
  let slot = 0;
  let list: ValueList | undefined = layout ? undefined : new ValueList();
  /** Keys not taken by the fast path (a repeated key sends the answer to the slow path). */
  const seen = new Set<string>();
  const data: MonitorData = { values: EMPTY_VALUES, labeled: [], strings: {}, skipped: 0 };
  let samples = 0;
  const toList = (): ValueList => {
    if (!list) {
      list = new ValueList();
      for (let s = 0; s < slot; s++) list.set(layout!.keys[s]!, fast![s]!);
    }
    return list;
  };
  let i = skipSpace(b, 0, end);
  if (b[i] !== 123) return undefined;
  i = skipSpace(b, i + 1, end);
  if (b[i] === 125) return undefined; // {}: no values, the slow path says so
  for (;;) {
    if (b[i] !== QUOTE) return undefined;
    const keyStart = i + 1;
    const keyEnd = stringEnd(b, keyStart, end);
    if (keyEnd < 0) return undefined;
    i = skipSpace(b, keyEnd + 1, end);
    if (b[i] !== 58) return undefined;
    i = skipSpace(b, i + 1, end);
    const c = b[i];
    if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) {
      const vEnd = numberEnd(b, i, end);
      const plain = plainDecimal(b, i, vEnd);
      if (plain !== undefined && list === undefined && slot < layout!.parsed && sameKey(b, keyStart, keyEnd, keys!, slot)) {
        fast![slot++] = plain;
        samples++;
      } else {
        let v = plain;
        if (v === undefined) {
          const text = b.toString("latin1", i, vEnd);
          if (!JSON_NUMBER.test(text)) return undefined;
          v = Number(text);
        }
        if (!other(b.toString("utf8", keyStart, keyEnd), v)) return undefined;
      }
      i = vEnd;
    } else if (c === QUOTE) {
      const sEnd = stringEnd(b, i + 1, end);
      if (sEnd < 0) return undefined;
      if (!other(b.toString("utf8", keyStart, keyEnd), b.toString("utf8", i + 1, sEnd))) return undefined;
      i = sEnd + 1;
    } else {
      const literal = c === 110 ? "null" : c === 116 ? "true" : c === 102 ? "false" : "";
      if (literal === "" || b.toString("latin1", i, i + literal.length) !== literal) return undefined;
      if (!other(b.toString("utf8", keyStart, keyEnd), null)) return undefined;
      i += literal.length;
    }
    i = skipSpace(b, i, end);
    if (b[i] === 44) {
      i = skipSpace(b, i + 1, end);
      continue;
    }
    if (b[i] !== 125 || skipSpace(b, i + 1, end) !== end) return undefined;
    break;
  }
  if (samples === 0) return undefined;
  data.values = list === undefined && slot === layout!.parsed ? new MonitorValues(layout!, fast!) : toList().build();
  return data;

  /** A member off the fast path, as readMonitor treats it; false: leave it to the slow path. */
  function other(key: string, v: number | string | null): boolean {
    const before = list !== undefined ? list.has(key) : (layout?.slot(key) ?? Number.POSITIVE_INFINITY) < slot;
    // A repeated key, a labelled key or an array-index key (JSON.parse would move it first).
    if (before || seen.has(key) || key.includes("{") || /^\d+$/.test(key)) return false;
    if (key === "command" || key === "error") {
      seen.add(key);
      return key === "command" || v === null;
    }
    if (typeof v === "string" && STRING_KEYS.has(key)) {
      if (key === "version") data.version = v;
      else if (key === "server_state") data.serverState = v;
      else data.peerState = v;
      seen.add(key);
    } else if (typeof v === "string") {
      const n = parseNumber(v);
      if (n === undefined) {
        data.strings[key] = v;
        seen.add(key);
      } else toList().set(key, n);
    } else if (typeof v === "number") toList().set(key, v);
    else {
      data.skipped++;
      seen.add(key);
      return true;
    }
    samples++;
    return true;
  }
}
