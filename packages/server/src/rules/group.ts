// A rule group: its rules evaluated one after another at one shared timestamp, results handed
// to an appender (with stale markers for series that disappeared), alerts handed to the
// notifier with Prometheus's resend semantics (needsSending, validUntil, endsAt).
import type { Alert, NotifyFn, QueryFn, VectorSample } from "../alerting/alert.ts";
import { STALE_NAN } from "../tsdb/types.ts";
import type { Labels } from "../tsdb/types.ts";
import type { RuleSeriesSample, TemplateContext } from "./alerting-rule.ts";
import { AlertingRule } from "./alerting-rule.ts";
import { RuleEvalError } from "./errors.ts";
import { labelsKey } from "./labels.ts";
import { RecordingRule } from "./recording-rule.ts";
import type { RuleGroupSpec } from "./rule-spec.ts";

/** Receives the series rules produce at evaluation time `t` (ms); labels include __name__. */
export type RuleAppendFn = (t: number, samples: readonly RuleSeriesSample[]) => void;

export interface RuleHealth {
  health: "ok" | "err" | "unknown";
  lastError: string;
  lastEvaluation?: number;
  evaluationMs: number;
}

export interface GroupOptions extends TemplateContext {
  query: QueryFn;
  notify: NotifyFn;
  append?: RuleAppendFn;
  /** Default interval when the group has none (ms). */
  defaultIntervalMs: number;
  /** --rules.alert.resend-delay (ms, default 1m). */
  resendDelayMs: number;
  /** Measures evaluation duration; never used for rule semantics. */
  now?: () => number;
}

export type Rule = AlertingRule | RecordingRule;

function toVector(r: VectorSample[] | number): VectorSample[] {
  return typeof r === "number" ? [{ labels: {}, value: r }] : r;
}

function graphLink(externalURL: string, expr: string): string {
  return `${externalURL.replace(/\/$/, "")}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
}

export class RuleGroup {
  readonly spec: RuleGroupSpec;
  readonly rules: Rule[];
  readonly intervalMs: number;
  readonly health = new Map<Rule, RuleHealth>();
  lastEvaluation?: number;
  evaluationMs = 0;
  #previousSeries = new Map<string, Labels>();
  readonly #o: GroupOptions;

  constructor(spec: RuleGroupSpec, options: GroupOptions) {
    this.spec = spec;
    this.#o = options;
    this.intervalMs = spec.intervalMs ?? options.defaultIntervalMs;
    this.rules = spec.rules.map((r) => (r.kind === "alert" ? new AlertingRule(r, options) : new RecordingRule(r)));
    for (const r of this.rules) this.health.set(r, { health: "unknown", lastError: "", evaluationMs: 0 });
  }

  get name(): string {
    return this.spec.name;
  }

  get file(): string {
    return this.spec.source.file;
  }

  /** Evaluation slot offset inside the interval (Prometheus spreads groups by a hash of file and name). */
  offsetMs(): number {
    let h = 0x811c9dc5;
    for (const ch of `${this.file};${this.name}`) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % this.intervalMs;
  }

  /** The latest slotted evaluation time at or before `now` (Prometheus Group.EvalTimestamp). */
  evalTimestamp(now: number): number {
    const offset = this.offsetMs();
    const adj = now - offset;
    return adj - (((adj % this.intervalMs) + this.intervalMs) % this.intervalMs) + offset;
  }

  /** Evaluates every rule at `ts` (ms), appends series, sends alerts. Never rejects. */
  async evaluate(ts: number): Promise<void> {
    const clock = this.#o.now;
    const started = clock?.() ?? 0;
    const series: RuleSeriesSample[] = [];
    const queryTs = ts - this.spec.queryOffsetMs;
    for (const rule of this.rules) {
      const h = this.health.get(rule)!;
      const t0 = clock?.() ?? 0;
      try {
        const result = toVector(await this.#o.query(rule.spec.expr, queryTs));
        const out = rule instanceof AlertingRule ? rule.eval(result, ts, this.spec.limit) : rule.eval(result, this.spec.limit);
        series.push(...out);
        h.health = "ok";
        h.lastError = "";
      } catch (err) {
        h.health = "err";
        h.lastError = err instanceof RuleEvalError ? err.message.replace(/^group "", /, "") : (err as Error).message;
      }
      h.lastEvaluation = ts;
      h.evaluationMs = (clock?.() ?? 0) - t0;
    }
    this.#appendWithStaleness(ts, series);
    this.#send(ts);
    this.lastEvaluation = ts;
    this.evaluationMs = (clock?.() ?? 0) - started;
  }

  #appendWithStaleness(ts: number, series: RuleSeriesSample[]): void {
    const current = new Map<string, Labels>();
    for (const s of series) current.set(labelsKey(s.labels), s.labels);
    const out = [...series];
    for (const [k, labels] of this.#previousSeries) if (!current.has(k)) out.push({ labels, value: STALE_NAN });
    this.#previousSeries = current;
    if (out.length > 0) this.#o.append?.(ts, out);
  }

  #send(ts: number): void {
    const alerts: Alert[] = [];
    for (const rule of this.rules) {
      if (!(rule instanceof AlertingRule)) continue;
      for (const a of rule.takeSendable(ts, this.#o.resendDelayMs, this.intervalMs)) {
        alerts.push({
          labels: a.labels,
          annotations: a.annotations,
          startsAt: a.firedAt ?? a.activeAt,
          endsAt: a.resolvedAt ?? a.validUntil!,
          generatorURL: graphLink(this.#o.externalURL, rule.spec.expr),
        });
      }
    }
    if (alerts.length > 0) this.#o.notify(alerts);
  }

  /** Carries alert state over from the same group before a reload (rules matched by name and expr). */
  copyStateFrom(old: RuleGroup): void {
    for (const r of this.rules) {
      if (!(r instanceof AlertingRule)) continue;
      const prev = old.rules.find((o): o is AlertingRule => o instanceof AlertingRule && o.name === r.name && o.spec.expr === r.spec.expr);
      if (prev) r.copyStateFrom(prev);
    }
  }
}
