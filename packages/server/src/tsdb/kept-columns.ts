// The samples of a kept columns select (kept-selects.ts), laid out for growth: each series has a
// slot with room after its samples, so that a collection's new samples are written in place and
// the window's start moves forward, with nothing copied; only when a slot is full is the select
// laid out again. Elements of a slot that a handed-out view covers are never written again.
import { ColumnArena } from "./column-arena.ts";
import { ColumnSeries } from "./column-series.ts";
import type { MemSeries } from "./mem-series.ts";
import type { SampleColumns, Series } from "./types.ts";
import { anyStaleNaN, isStaleNaN, searchTime } from "./types.ts";

/** One series' kept samples: [from, to) of its slot; the slot's elements after `to` are room. */
export interface Slot {
  t: Float64Array;
  v: Float64Array;
  from: number;
  to: number;
  staleFree: boolean;
}

/** What a series brings to the next layout: the part of its slot still in the window, and its new samples. */
export interface Growth {
  slot: Slot | undefined;
  keepFrom: number;
  added: SampleColumns | undefined;
  /** Instead of `added`: the one sample stored since (the usual case, a collection), no read at all. */
  one: boolean;
  oneT: number;
  oneV: number;
}

/** Room after a series' samples: about 1/8 more (an hour's window of 5 s samples grows 90 collections in place). */
function withRoom(count: number): number {
  return count + Math.max(8, count >> 3);
}

/**
 * Per series, what an extension from `from` on would keep of its slot and the samples stored since
 * its last one (read through `scratch`). `fits`: every series' new samples fit in its slot.
 */
export function growthOf(
  slots: readonly (Slot | undefined)[],
  series: readonly MemSeries[],
  from: number,
  scratch: ColumnArena,
): { growth: Growth[]; count: number; fits: boolean } {
  const growth: Growth[] = new Array(series.length);
  let count = 0;
  let fits = true;
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as MemSeries;
    const slot = slots[i];
    const lastOld = slot !== undefined && slot.to > slot.from ? (slot.t[slot.to - 1] as number) : Number.NEGATIVE_INFINITY;
    const keepFrom = slot === undefined ? 0 : searchTime(slot.t, slot.to, from, false, slot.from);
    // One sample since the last one kept: it is the series' newest, held without decoding.
    const one = slot !== undefined && s.prevT === lastOld && s.lastT > lastOld && s.lastT >= from;
    const added = !one && s.lastT > lastOld ? s.columnsIn(Math.max(from, lastOld + 1), Number.POSITIVE_INFINITY, scratch) : undefined;
    const n = one ? 1 : (added?.t.length ?? 0);
    if (n > 0 && (slot === undefined || slot.to + n > slot.t.length)) fits = false;
    count += (slot === undefined ? 0 : slot.to - keepFrom) + n;
    growth[i] = { slot, keepFrom, added, one, oneT: s.lastT, oneV: s.lastV };
  }
  return { growth, count, fits };
}

/** Writes each series' new samples after its kept ones and moves its window's start (every one fits). */
export function growInPlace(growth: readonly Growth[], series: readonly MemSeries[], out: Series[]): void {
  for (let i = 0; i < growth.length; i++) {
    const { slot, keepFrom, added, one } = growth[i] as Growth;
    if (slot === undefined) continue;
    if (one) {
      const g = growth[i] as Growth;
      slot.t[slot.to] = g.oneT;
      slot.v[slot.to] = g.oneV;
      slot.to++;
      if (isStaleNaN(g.oneV)) slot.staleFree = false;
    } else if (added !== undefined) {
      // Whole-array copies keep NaN payloads (the stale marker) intact.
      slot.t.set(added.t, slot.to);
      slot.v.set(added.v, slot.to);
      slot.to += added.t.length;
      if (!added.staleFree) slot.staleFree = false;
    }
    slot.from = keepFrom;
    if (!slot.staleFree) slot.staleFree = !anyStaleNaN(slot.v, slot.from, slot.to);
    pushSeries(out, (series[i] as MemSeries).labels, slot);
  }
}

/** Lays every series out anew in one arena, each slot with room to grow; returns the slots. */
export function layOut(growth: readonly Growth[], series: readonly MemSeries[], out: Series[]): { slots: (Slot | undefined)[]; arena: ColumnArena } {
  let capacity = 0;
  const counts = new Array<number>(growth.length);
  for (let i = 0; i < growth.length; i++) {
    const { slot, keepFrom, added, one } = growth[i] as Growth;
    const n = (slot === undefined ? 0 : slot.to - keepFrom) + (one ? 1 : (added?.t.length ?? 0));
    counts[i] = n;
    if (n > 0) capacity += withRoom(n);
  }
  const arena = new ColumnArena(Math.max(capacity, 1));
  const slots: (Slot | undefined)[] = new Array(growth.length);
  for (let i = 0; i < growth.length; i++) {
    const n = counts[i] as number;
    if (n === 0) continue;
    const g = growth[i] as Growth;
    const { slot, keepFrom, added } = g;
    const { t, v } = arena.take(withRoom(n));
    let at = 0;
    let staleFree = true;
    if (slot !== undefined && slot.to > keepFrom) {
      const keptV = slot.v.subarray(keepFrom, slot.to);
      t.set(slot.t.subarray(keepFrom, slot.to));
      v.set(keptV);
      at = slot.to - keepFrom;
      staleFree = slot.staleFree || !anyStaleNaN(keptV);
    }
    if (g.one) {
      t[at] = g.oneT;
      v[at] = g.oneV;
      staleFree &&= !isStaleNaN(g.oneV);
    } else if (added !== undefined) {
      t.set(added.t, at);
      v.set(added.v, at);
      staleFree &&= added.staleFree;
    }
    const fresh: Slot = { t, v, from: 0, to: n, staleFree };
    slots[i] = fresh;
    pushSeries(out, (series[i] as MemSeries).labels, fresh);
  }
  return { slots, arena };
}

function pushSeries(out: Series[], labels: Series["labels"], slot: Slot): void {
  if (slot.to > slot.from) {
    const origin = { of: slot, at: slot.from };
    out.push(new ColumnSeries(labels, { t: slot.t.subarray(slot.from, slot.to), v: slot.v.subarray(slot.from, slot.to), staleFree: slot.staleFree, origin }));
  }
}
