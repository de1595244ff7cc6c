// The state of one mntr parse, shared by the text reader (parseMntr) and the bytes reader
// (parseMntrBytes): both try each line as the known layout's next key first, on their own
// representation, and hand every other line here as text.
import { ParseError } from "../errors.ts";
import { detachString } from "./detach-string.ts";
import type { MonitorData } from "./monitor.ts";
import type { MonitorLayout } from "./monitor-values.ts";
import { internLayout, MonitorValues, monitorValues } from "./monitor-values.ts";
import { parseLabels, parseNumber, plainInteger, plainNumber } from "./numbers.ts";

export const EMPTY_VALUES = monitorValues({});

const STRING_KEYS = new Set(["version", "server_state", "peer_state"]);

/** Numeric values collected in answer order, with their keys (which must stay distinct). */
export class ValueList {
  readonly keys: string[] = [];
  readonly values: number[] = [];
  readonly #slots = new Map<string, number>();

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  set(key: string, value: number): void {
    const slot = this.#slots.get(key);
    if (slot !== undefined) {
      this.values[slot] = value; // a repeated key: the last one wins
      return;
    }
    this.#slots.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  build(): MonitorValues {
    const layout = internLayout(this.keys);
    const values = new Float64Array(layout.keys.length);
    values.set(this.values);
    return new MonitorValues(layout, values);
  }
}

function isSpace(code: number): boolean {
  return code <= 32;
}

export class MntrReader {
  readonly data: MonitorData = { values: EMPTY_VALUES, labeled: [], strings: {}, skipped: 0 };
  /** The previous answer's layout; `fast` holds its values, filled slot by slot. */
  readonly layout: MonitorLayout | undefined;
  readonly fast: Float64Array | undefined;
  slot = 0;
  /** Set once the answer leaves the layout: keys and values collected from then on. */
  list: ValueList | undefined;
  samples = 0;

  constructor(layout: MonitorLayout | undefined) {
    this.layout = layout;
    this.fast = layout ? new Float64Array(layout.keys.length) : undefined;
    this.list = layout ? undefined : new ValueList();
  }

  /** Whether the next line may be the layout's next key (then try the caller's fast path). */
  expecting(): boolean {
    return this.list === undefined && this.slot < this.layout!.parsed;
  }

  /** Leaves the fast path: the slots filled so far become the start of a key list. */
  #toList(): ValueList {
    if (!this.list) {
      const list = new ValueList();
      for (let i = 0; i < this.slot; i++) list.set(this.layout!.keys[i]!, this.fast![i]!);
      this.list = list;
    }
    return this.list;
  }

  /** One line that the fast path did not take: `text[lineStart, end)`, `end` at its "\n" or the end. */
  line(text: string, lineStart: number, end: number): void {
    const data = this.data;
    let lineEnd = end > lineStart && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd === lineStart) return;
    // Lines are "zk_<key>\t<value>": z=122 k=107 _=95.
    const tab =
      text.charCodeAt(lineStart) === 122 && text.charCodeAt(lineStart + 1) === 107 && text.charCodeAt(lineStart + 2) === 95
        ? text.indexOf("\t", lineStart + 3)
        : -1;
    if (tab < 0 || tab >= lineEnd) {
      if (text.slice(lineStart, lineEnd).trim() !== "") data.skipped++;
      return;
    }
    let keyStart = lineStart + 3;
    let keyEnd = tab;
    while (keyStart < keyEnd && isSpace(text.charCodeAt(keyStart))) keyStart++;
    while (keyEnd > keyStart && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    let valueStart = tab + 1;
    while (valueStart < lineEnd && isSpace(text.charCodeAt(valueStart))) valueStart++;
    while (lineEnd > valueStart && isSpace(text.charCodeAt(lineEnd - 1))) lineEnd--;
    // The next key of the known layout in another spelling (spaces, an exponent): keep to it.
    if (this.expecting()) {
      const expected = this.layout!.keys[this.slot]!;
      if (keyEnd - keyStart === expected.length && text.startsWith(expected, keyStart)) {
        const v = plainNumber(text, valueStart, lineEnd) ?? parseNumber(text.slice(valueStart, lineEnd));
        if (v !== undefined) {
          this.fast![this.slot++] = v;
          this.samples++;
          return;
        }
      }
    }
    const key = text.slice(keyStart, keyEnd);
    const brace = key.indexOf("{");
    const name = brace < 0 ? key : key.slice(0, brace);
    if (name === "" || name.includes(" ")) {
      data.skipped++;
      return;
    }
    if (brace < 0 && STRING_KEYS.has(name)) {
      const v = detachString(text.slice(valueStart, lineEnd));
      if (name === "version") data.version = v;
      else if (name === "server_state") data.serverState = v;
      else data.peerState = v;
      this.samples++;
      return;
    }
    const value = (brace < 0 ? plainInteger(text, valueStart, lineEnd) : undefined) ?? parseNumber(text.slice(valueStart, lineEnd));
    if (brace >= 0) {
      if (!key.endsWith("}") || value === undefined) {
        data.skipped++;
        return;
      }
      const labels = parseLabels(key.slice(brace + 1, -1));
      if (!labels) {
        data.skipped++;
        return;
      }
      data.labeled.push({ name, labels, value });
    } else if (value === undefined) {
      data.strings[name] = detachString(text.slice(valueStart, lineEnd));
    } else {
      this.#toList().set(name, value);
    }
    this.samples++;
  }

  /** The parsed answer of `size` bytes or characters. Throws ParseError when no line was a zk_ sample. */
  finish(size: number): MonitorData {
    if (this.samples === 0) throw new ParseError(`no zk_ sample in ${size} bytes`);
    const data = this.data;
    // Fewer keys than the layout (a shorter answer) is a different layout too.
    data.values = !this.list && this.slot === this.layout!.parsed ? new MonitorValues(this.layout!, this.fast!) : this.#toList().build();
    return data;
  }
}
