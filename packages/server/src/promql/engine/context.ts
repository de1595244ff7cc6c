// Per-query state: options, the selected series per selector, limits (samples loaded, deadline,
// cancellation). Time comes from the injected clock; the engine never reads the wall clock.
import { ColumnArena } from "../../tsdb/column-arena.ts";
import { anyStaleNaN, isStaleNaN, type Querier, SampleLimitError, type Series, sampleCount } from "../../tsdb/types.ts";
import type { AtModifier, Call, Expr, SubqueryExpr, VectorSelector } from "../ast.ts";
import { PromQLCanceledError, PromQLTimeoutError, PromQLTooManySamplesError } from "../errors.ts";
import { compareLabels } from "./labels.ts";
import type { SeriesWiseState } from "./range-functions.ts";
import type { Value } from "./values.ts";

function hasStaleMarker(x: Series): boolean {
  if (x.staleFree) return false;
  if (x.columns !== undefined) return anyStaleNaN(x.columns.v);
  const samples = x.samples;
  for (let i = 0; i < samples.length; i++) {
    const v = (samples[i] as { v: number }).v;
    if (Number.isNaN(v) && isStaleNaN(v)) return true;
  }
  return false;
}

function isSorted(series: Series[]): boolean {
  for (let i = 1; i < series.length; i++) {
    if (compareLabels((series[i - 1] as Series).labels, (series[i] as Series).labels) > 0) return false;
  }
  return true;
}

export interface EngineOptions {
  /** Lookback delta for instant vector selectors, ms (default 5 m). */
  lookbackDelta?: number;
  /** Most samples a query may load from the store (default 50 million, Prometheus's default). */
  maxSamples?: number;
  /** Query timeout in ms; needs `clock`. */
  timeoutMs?: number;
  /** Milliseconds clock for the timeout (e.g. performance.now). */
  clock?: () => number;
  signal?: AbortSignal;
  /** Subquery step when none is given, ms (default 1 m, Prometheus's default evaluation interval). */
  noStepSubqueryInterval?: number;
}

export interface QueryRange {
  start: number;
  end: number;
  /** 0 for an instant query. */
  step: number;
}

export interface WindowCursor {
  start: number;
  end: number;
  /** First sample index after the window start, per series. */
  lo: Int32Array;
  /** Last sample index at or before the window end, per series. */
  hi: Int32Array;
}

/**
 * Selects already put in order and looked through for stale markers, with what was found: a store
 * may hand the same read-only result to many queries (e.g. newest samples between two collections).
 */
const checkedSelects = new WeakMap<readonly Series[], CheckedSelect>();

interface CheckedSelect {
  /** Per series: holds a stale marker. */
  stale: boolean[];
  /** Samples in all series (counted against the query's budget). */
  samples: number;
  /** Every series is held as columns without a stale marker. */
  cleanColumns: boolean;
}

/** Arenas of finished instant queries, reused by the next ones (a few: queries may run interleaved). */
const idleArenas: ColumnArena[] = [];

export class EvalContext {
  readonly lookback: number;
  readonly maxSamples: number;
  readonly noStepSubqueryInterval: number;
  private readonly deadline: number | undefined;
  private samplesLoaded = 0;
  private checks = 0;
  readonly selected = new Map<VectorSelector, Series[]>();
  readonly subqueryMemo = new Map<SubqueryExpr, Map<number, Value>>();
  private readonly cursors = new Map<VectorSelector, WindowCursor>();
  /** Range-vector function calls evaluated series by series (range-functions.ts); null: the call does not qualify. */
  readonly seriesWise = new Map<Call, SeriesWiseState | null>();
  #arena: ColumnArena | undefined;
  /** > 0 while a subquery evaluates its inner expression (at times other than the query's steps). */
  subqueryDepth = 0;

  /** The last window of a range selector and each series' sample bounds in it (evaluator.ts). */
  windowCursor(vs: VectorSelector, n: number): WindowCursor {
    let c = this.cursors.get(vs);
    if (!c) {
      c = { start: Number.NEGATIVE_INFINITY, end: Number.NEGATIVE_INFINITY, lo: new Int32Array(n), hi: new Int32Array(n).fill(-1) };
      this.cursors.set(vs, c);
    }
    return c;
  }

  /** Per selector, per selected series: whether it holds a stale marker (if not, windows are sliced as they are). */
  readonly staleMarkers = new Map<VectorSelector, boolean[]>();
  /** Selectors whose every series is held as columns without a stale marker. */
  readonly cleanColumns = new Set<VectorSelector>();

  /** One evaluation time per selector (an instant query outside subqueries): no cursors needed. */
  get instant(): boolean {
    return this.range.step === 0 && this.subqueryDepth === 0;
  }

  constructor(
    readonly querier: Querier,
    readonly range: QueryRange,
    readonly options: EngineOptions,
  ) {
    this.lookback = options.lookbackDelta ?? 300_000;
    this.maxSamples = options.maxSamples ?? 50_000_000;
    this.noStepSubqueryInterval = options.noStepSubqueryInterval ?? 60_000;
    this.deadline =
      options.timeoutMs !== undefined && options.clock ? options.clock() + options.timeoutMs : undefined;
  }

  /** Room for the columns of this query's selects (instant queries only: see release()). */
  get arena(): ColumnArena {
    this.#arena ??= idleArenas.pop() ?? new ColumnArena();
    return this.#arena;
  }

  /** The query's result no longer refers to selected series: their columns' room may be reused. */
  release(): void {
    const a = this.#arena;
    this.#arena = undefined;
    if (a === undefined || idleArenas.length >= 4) return;
    a.reset();
    idleArenas.push(a);
  }

  atTime(at: AtModifier): number {
    return at.kind === "time" ? at.t : at.kind === "start" ? this.range.start : this.range.end;
  }

  /** Throws on timeout or cancellation; cheap enough to call in loops. */
  check(): void {
    if ((++this.checks & 255) !== 0) return;
    this.checkNow();
  }

  checkNow(): void {
    if (this.options.signal?.aborted) throw new PromQLCanceledError();
    if (this.deadline !== undefined && this.options.clock && this.options.clock() > this.deadline) {
      throw new PromQLTimeoutError(this.options.timeoutMs ?? 0);
    }
  }

  /** Selects every selector's series once, for the widest window the query needs (engine.go getTimeRangesForSelector). */
  preload(e: Expr, start = this.range.start, end = this.range.end, range = 0): void {
    switch (e.kind) {
      case "vectorSelector": {
        let s = start;
        let t = end;
        if (e.at) s = t = this.atTime(e.at);
        s -= (range > 0 ? range : this.lookback) + e.offset;
        t -= e.offset;
        let series: Series[];
        try {
          // An instant vector selector at one time reads only each series' newest sample.
          const lastOnly = range === 0 && start === end;
          // A range selector of an instant query (alerting rules): its windows are read as columns.
          const columns = range > 0 && start === end && this.range.step === 0 ? this.arena : undefined;
          series = this.querier.select(e.matchers, s, t, { sampleLimit: this.maxSamples - this.samplesLoaded, lastOnly, columns });
        } catch (err) {
          if (err instanceof SampleLimitError) throw new PromQLTooManySamplesError(this.maxSamples);
          throw err;
        }
        let checked = checkedSelects.get(series);
        if (checked === undefined) {
          // Prometheus's storage returns series sorted by labels; results and tie-breaks depend on it.
          if (!this.querier.sortedSeries && !isSorted(series)) series.sort((a, b) => compareLabels(a.labels, b.labels));
          const stale = series.map(hasStaleMarker);
          let samples = 0;
          for (const x of series) samples += sampleCount(x);
          const cleanColumns = series.every((x, i) => x.columns !== undefined && stale[i] === false);
          checked = { stale, samples, cleanColumns };
          checkedSelects.set(series, checked);
        }
        this.samplesLoaded += checked.samples;
        if (this.samplesLoaded > this.maxSamples) throw new PromQLTooManySamplesError(this.maxSamples);
        this.selected.set(e, series);
        this.staleMarkers.set(e, checked.stale);
        if (checked.cleanColumns) this.cleanColumns.add(e);
        this.checkNow();
        return;
      }
      case "matrixSelector":
        this.preload(e.vector, start, end, e.range);
        return;
      case "subquery": {
        let s = start;
        let t = end;
        if (e.at) s = t = this.atTime(e.at);
        this.preload(e.expr, s - e.offset - e.range, t - e.offset);
        return;
      }
      case "call":
        for (const a of e.args) this.preload(a, start, end);
        return;
      case "aggregation":
        if (e.param) this.preload(e.param, start, end);
        this.preload(e.expr, start, end);
        return;
      case "binary":
        this.preload(e.lhs, start, end);
        this.preload(e.rhs, start, end);
        return;
      case "unary":
      case "paren":
        this.preload(e.expr, start, end, range);
        return;
      case "number":
      case "string":
        return;
    }
  }
}
