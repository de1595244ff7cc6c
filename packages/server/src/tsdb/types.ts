import type { ColumnArena } from "./column-arena.ts";

/**
 * The seam between the time-series store and its readers (the PromQL engine,
 * the /api/v1 metadata endpoints). The store implements Querier; the engine
 * only ever sees this interface, so it can be tested over an in-memory one.
 */

/** A series' identity: label name → value, including __name__. Label values may hold any bytes (UTF-8 strings). */
export type Labels = Readonly<Record<string, string>>;

/** One float sample: millisecond timestamp and value (NaN, ±Inf allowed; see STALE_NAN). */
export interface Sample {
  t: number;
  v: number;
}

/** Samples as two parallel columns (read only): sorted by t, no duplicates. */
export interface SampleColumns {
  t: Float64Array;
  v: Float64Array;
  /** The store knows that no value is a stale marker. */
  staleFree: boolean;
  /** Present when these are elements of storage that only grows (see ColumnsOrigin). */
  origin?: ColumnsOrigin;
}

/**
 * Columns t/v are elements [at, at + t.length) of storage `of`, whose elements never change once
 * handed out: a reader may keep what it derived from elements by (of, index) across reads.
 */
export interface ColumnsOrigin {
  of: object;
  at: number;
}

export interface Series {
  labels: Labels;
  /** Sorted by t, no duplicates; stale markers included (the engine handles them). */
  samples: Sample[];
  /** The same samples as columns, when asked for (SelectHints.columns) and the store has them at hand. */
  columns?: SampleColumns;
  /** The store knows that `samples` holds no stale marker (readers may skip looking). */
  staleFree?: boolean;
}

/** Index of the first of ts[from, n) at or after `t` (ts sorted); `after`: strictly after. */
export function searchTime(ts: Float64Array, n: number, t: number, after = false, from = 0): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = ts[mid] as number;
    if (x < t || (after && x === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of samples of a series, without building its `samples` when it carries columns. */
export function sampleCount(s: Series): number {
  return s.columns !== undefined ? s.columns.t.length : s.samples.length;
}

export type MatchType = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  name: string;
  type: MatchType;
  value: string;
}

/** Optional limits for one select (the engine passes what is left of a query's budget). */
export interface SelectHints {
  /** Throw SampleLimitError instead of returning more than this many samples in total. */
  sampleLimit?: number;
  /**
   * Only the newest sample in [mint, maxt] of each series is needed (an instant vector selector
   * at one time): stores may return just that one, e.g. without decoding the window.
   */
  lastOnly?: boolean;
  /**
   * The reader prefers columns (Series.columns): stores that decode into columns may return them,
   * copying into this arena where a copy is needed, and build `samples` only when it is read. The
   * returned series are valid until the reader resets the arena. Their columns may hold samples
   * after maxt (a store may hand out one kept copy for windows that move forward): readers that
   * ask for columns bound their windows themselves.
   */
  columns?: ColumnArena;
}

export interface Querier {
  /**
   * True when select returns series ordered as Prometheus's labels.Compare orders label sets (its
   * storage's contract): readers may then skip checking the order.
   */
  readonly sortedSeries?: boolean;
  /**
   * Every series matching all matchers with its samples in [mint, maxt] (inclusive, ms).
   * Throws InvalidMatcherError for a regex that does not compile and SampleLimitError when
   * hints.sampleLimit would be exceeded (before the samples are decoded where possible).
   * The result is read only, and a store may hand the same result (the same arrays) to later
   * selects; whatever it hands out is never changed afterwards, so readers may keep what they
   * derived from it by identity (engine/instant-selectors.ts, the kept regressions in rate.ts).
   */
  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: SelectHints): Series[];
  /** Label names of series with samples in [mint, maxt], optionally restricted by matchers; sorted. */
  labelNames(mint: number, maxt: number, matchers?: readonly LabelMatcher[]): string[];
  /** Values of one label (same restrictions); sorted. */
  labelValues(name: string, mint: number, maxt: number, matchers?: readonly LabelMatcher[]): string[];
}

/** Prometheus's staleness marker: a NaN with this exact bit pattern (value.StaleNaN). */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

const view = new DataView(new ArrayBuffer(8));
view.setBigUint64(0, STALE_NAN_BITS);
export const STALE_NAN = view.getFloat64(0);

export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  view.setFloat64(0, v);
  return view.getBigUint64(0) === STALE_NAN_BITS;
}

/** Whether some value of v[from, to) is the stale marker. */
export function anyStaleNaN(v: Float64Array, from = 0, to = v.length): boolean {
  for (let i = from; i < to; i++) {
    const x = v[i] as number;
    if (Number.isNaN(x) && isStaleNaN(x)) return true;
  }
  return false;
}

/** A select would load more samples than its budget allows (maps to an execution error, 422). */
export class SampleLimitError extends Error {
  override name = "SampleLimitError";
  readonly limit: number;
  constructor(limit: number) {
    super(`query would load more than ${limit} samples`);
    this.limit = limit;
  }
}

/** A matcher that cannot be used, e.g. a regex that does not compile (maps to bad_data, 400). */
export class InvalidMatcherError extends Error {
  override name = "InvalidMatcherError";
  readonly matcher: LabelMatcher;
  constructor(matcher: LabelMatcher, reason: string) {
    super(`invalid matcher ${matcher.name}${matcher.type}${JSON.stringify(matcher.value)}: ${reason}`);
    this.matcher = matcher;
  }
}
