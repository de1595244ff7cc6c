// The numeric values of one mntr / monitor answer in a compact form: a key list shared by every
// answer with the same keys in the same order (a "layout": one per ZooKeeper version and role)
// plus one Float64Array of values. A 3.8 mntr has ~490 keys; as a plain object that is a V8
// dictionary of 25–50 kB per server per cycle, which lives one interval, gets promoted to the old
// generation and dominated the collector's garbage collection. Here an answer costs ~4 kB in one
// allocation and no key strings at all when its layout is already known.
import { detachString } from "./detach-string.ts";

/** Keys of the values, in answer order, with their slots. Immutable and shared. */
export class MonitorLayout {
  readonly keys: readonly string[];
  /** How many leading keys come from the answer's lines (the rest are aliases, filled in). */
  readonly parsed: number;
  /** For each alias key (after `parsed`), the slot it copies. */
  readonly aliasOf: readonly number[];
  readonly #slots: Map<string, number>;

  constructor(parsedKeys: readonly string[]) {
    const keys = [...parsedKeys];
    const slots = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) slots.set(keys[i]!, i);
    const aliasOf: number[] = [];
    // 3.4/3.5 call the leader's learner count zk_followers; 3.6+ zk_learners.
    const followers = slots.get("followers");
    if (followers !== undefined && !slots.has("learners")) {
      slots.set("learners", keys.length);
      keys.push("learners");
      aliasOf.push(followers);
    }
    this.keys = keys;
    this.parsed = parsedKeys.length;
    this.aliasOf = aliasOf;
    this.#slots = slots;
  }

  slot(key: string): number | undefined {
    return this.#slots.get(key);
  }
}

const MAX_LAYOUTS = 256;
const layouts = new Map<string, MonitorLayout>();

/**
 * The shared layout for these keys (which must be distinct). Interned so that every server of a
 * version and role shares one; bounded, because keys come from the network.
 */
export function internLayout(parsedKeys: readonly string[]): MonitorLayout {
  const id = parsedKeys.join("\n");
  let layout = layouts.get(id);
  if (!layout) {
    // Keys cut from an answer would pin the whole answer for as long as the layout lives.
    layout = new MonitorLayout(parsedKeys.map(detachString));
    if (layouts.size >= MAX_LAYOUTS) layouts.delete(layouts.keys().next().value as string);
    layouts.set(id, layout);
  }
  return layout;
}

/** Read-only numeric values by key (keys without the zk_ prefix). */
export class MonitorValues {
  readonly layout: MonitorLayout;
  readonly #values: Float64Array;

  /** `values` holds one number per parsed key of `layout`; alias slots are filled in here. */
  constructor(layout: MonitorLayout, values: Float64Array) {
    if (values.length !== layout.keys.length) throw new RangeError(`${values.length} values for ${layout.keys.length} keys`);
    for (let i = 0; i < layout.aliasOf.length; i++) values[layout.parsed + i] = values[layout.aliasOf[i]!]!;
    this.layout = layout;
    this.#values = values;
  }

  get size(): number {
    return this.#values.length;
  }

  get(key: string): number | undefined {
    const slot = this.layout.slot(key);
    return slot === undefined ? undefined : this.#values[slot];
  }

  has(key: string): boolean {
    return this.layout.slot(key) !== undefined;
  }

  keyAt(slot: number): string {
    return this.layout.keys[slot]!;
  }

  valueAt(slot: number): number {
    return this.#values[slot]!;
  }

  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.#values.length; i++) yield [this.layout.keys[i]!, this.#values[i]!];
  }

  toObject(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }

  /** As a plain object in JSON (API answers, debugging). */
  toJSON(): Record<string, number> {
    return this.toObject();
  }
}

/** Values from a plain object (the AdminServer's JSON, hand-built test snapshots). */
export function monitorValues(record: Record<string, number>): MonitorValues {
  const keys = Object.keys(record);
  const layout = internLayout(keys);
  const values = new Float64Array(layout.keys.length);
  keys.forEach((k, i) => {
    values[i] = record[k]!;
  });
  return new MonitorValues(layout, values);
}
