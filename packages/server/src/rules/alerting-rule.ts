// One alerting rule's state machine, as Prometheus's rules/alerting.go Eval: identity by label
// set (after templating), inactive → pending → firing with the `for` gate, `keep_firing_for`
// hold-down, resolved alerts kept 15 minutes so they are re-sent as resolved, the ALERTS and
// ALERTS_FOR_STATE series. Time is always passed in; nothing here reads a clock.
import type { VectorSample } from "../alerting/alert.ts";
import type { Labels } from "../tsdb/types.ts";
import { RuleEvalError } from "./errors.ts";
import { labelsKey, sortedLabels } from "./labels.ts";
import type { AlertRuleSpec } from "./rule-spec.ts";
import type { TemplateData } from "./template/index.ts";

export type AlertState = "inactive" | "pending" | "firing";

/** How long a resolved alert is kept (and re-sent as resolved). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export interface ActiveAlert {
  labels: Labels;
  annotations: Labels;
  state: AlertState;
  value: number;
  /** ms: when the condition first held (this occurrence). */
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  keepFiringSince?: number;
  lastSentAt?: number;
  validUntil?: number;
}

/** A series sample produced by a rule (ALERTS, ALERTS_FOR_STATE, a recording rule's output). */
export interface RuleSeriesSample {
  labels: Labels;
  value: number;
}

export interface TemplateContext {
  externalLabels: Labels;
  externalURL: string;
}

export class AlertingRule {
  readonly spec: AlertRuleSpec;
  readonly #ctx: TemplateContext;
  #active = new Map<string, ActiveAlert>();
  /** Expanded labels and annotations per result label set (see eval). */
  #expanded = new WeakMap<Labels, { value: number; labels: Labels; key: string; annotations: Labels }>();
  /** The ALERTS / ALERTS_FOR_STATE label sets per alert (its labels never change; ALERTS follows its state). */
  #series = new WeakMap<ActiveAlert, { state: AlertState; alerts: Labels; forState: Labels }>();
  /** Hold duration in effect (the spec's `for`). */
  forMs: number;

  constructor(spec: AlertRuleSpec, ctx: TemplateContext) {
    this.spec = spec;
    this.#ctx = ctx;
    this.forMs = spec.forMs;
  }

  get name(): string {
    return this.spec.name;
  }

  #expand(which: "labels" | "annotations", data: TemplateData): Record<string, string> {
    const raw = which === "labels" ? this.spec.labels : this.spec.annotations;
    const tmpls = which === "labels" ? this.spec.labelTemplates : this.spec.annotationTemplates;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      const t = tmpls.get(k);
      out[k] = t ? t.expand(`__alert_${this.spec.name}`, data) : v;
    }
    return out;
  }

  /**
   * Applies one evaluation's result at `ts` (ms). Returns the ALERTS / ALERTS_FOR_STATE samples
   * to store. Throws RuleEvalError on a duplicate label set or when `limit` is exceeded (and then
   * clears every alert of the rule, as Prometheus does).
   */
  eval(result: readonly VectorSample[], ts: number, limit = 0): RuleSeriesSample[] {
    const fresh = new Map<string, ActiveAlert>();
    for (const s of result) {
      // Templates are pure functions of the labels, the value and the rule's constant context:
      // the same label set (by identity: the engine hands out the same objects evaluation after
      // evaluation) with the same value expands to the same text.
      let m = this.#expanded.get(s.labels);
      if (m === undefined || !Object.is(m.value, s.value)) {
        const data: TemplateData = { labels: withoutName(s.labels), externalLabels: this.#ctx.externalLabels, externalURL: this.#ctx.externalURL, value: s.value };
        const ruleLabels = this.#expand("labels", data);
        const annotations = sortedLabels(this.#expand("annotations", data));
        const labels = sortedLabels({ ...withoutName(s.labels), ...ruleLabels, alertname: this.spec.name });
        m = { value: s.value, labels, key: labelsKey(labels), annotations };
        this.#expanded.set(s.labels, m);
      }
      const key = m.key;
      if (fresh.has(key)) {
        throw new RuleEvalError("vector contains metrics with the same labelset after applying alert labels", "", this.spec.name);
      }
      fresh.set(key, { labels: m.labels, annotations: m.annotations, state: "pending", value: s.value, activeAt: ts });
    }
    for (const [key, a] of fresh) {
      const existing = this.#active.get(key);
      if (existing && existing.state !== "inactive") {
        existing.value = a.value;
        existing.annotations = a.annotations;
        continue;
      }
      this.#active.set(key, a);
    }
    const out: RuleSeriesSample[] = [];
    let activeCount = 0;
    for (const [key, a] of this.#active) {
      if (!fresh.has(key)) {
        let keepFiring = false;
        if (a.state === "firing" && this.spec.keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          if (ts - a.keepFiringSince < this.spec.keepFiringForMs) keepFiring = true;
        }
        if (a.state === "pending" || (a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) this.#active.delete(key);
        if (a.state !== "inactive" && !keepFiring) {
          a.state = "inactive";
          a.resolvedAt = ts;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSince = undefined;
      }
      activeCount++;
      if (a.state === "pending" && ts - a.activeAt >= this.forMs) {
        a.state = "firing";
        a.firedAt = ts;
      }
      let series = this.#series.get(a);
      if (series === undefined || series.state !== a.state) {
        series = {
          state: a.state,
          alerts: sortedLabels({ ...a.labels, __name__: "ALERTS", alertstate: a.state }),
          forState: series?.forState ?? sortedLabels({ ...a.labels, __name__: "ALERTS_FOR_STATE" }),
        };
        this.#series.set(a, series);
      }
      out.push({ labels: series.alerts, value: 1 });
      out.push({ labels: series.forState, value: a.activeAt / 1000 });
    }
    if (limit > 0 && activeCount > limit) {
      this.#active.clear();
      throw new RuleEvalError(`exceeded limit of ${limit} with ${activeCount} alerts`, "", this.spec.name);
    }
    return out;
  }

  /** Every alert the rule holds: pending, firing, and resolved ones within retention. */
  alerts(): ActiveAlert[] {
    return [...this.#active.values()];
  }

  /** Firing > pending > inactive over the rule's alerts. */
  state(): AlertState {
    let s: AlertState = "inactive";
    for (const a of this.#active.values()) {
      if (a.state === "firing") return "firing";
      if (a.state === "pending") s = "pending";
    }
    return s;
  }

  /**
   * Restores `activeAt` of pending/firing alerts after a restart (Prometheus RestoreForState):
   * `lookup` gives the last ALERTS_FOR_STATE value (unix seconds) for an alert's labels. The
   * alert may not fire before `restartMs + gracePeriodMs` when its `for` exceeds the grace period.
   */
  restoreForState(lookup: (labels: Labels) => number | undefined, restartMs: number, gracePeriodMs: number): void {
    for (const a of this.#active.values()) {
      if (a.state !== "pending") continue;
      const v = lookup(a.labels);
      if (v === undefined || !Number.isFinite(v)) continue;
      let activeAt = v * 1000;
      if (this.forMs > gracePeriodMs) {
        const remaining = this.forMs - (restartMs - activeAt);
        if (remaining < gracePeriodMs) activeAt = restartMs + gracePeriodMs - this.forMs;
      }
      a.activeAt = activeAt;
    }
  }

  /** The alerts to send now (Prometheus needsSending), marking them sent with validUntil. */
  takeSendable(ts: number, resendDelayMs: number, intervalMs: number): ActiveAlert[] {
    const out: ActiveAlert[] = [];
    for (const a of this.#active.values()) {
      if (a.state === "pending") continue;
      const resolvedSinceSend = a.resolvedAt !== undefined && (a.lastSentAt === undefined || a.resolvedAt > a.lastSentAt);
      const due = a.lastSentAt === undefined || a.lastSentAt + resendDelayMs < ts;
      if (!resolvedSinceSend && !due) continue;
      a.lastSentAt = ts;
      a.validUntil = ts + 4 * Math.max(resendDelayMs, intervalMs);
      out.push({ ...a });
    }
    return out;
  }

  /** Copies alert state from a previous instance of the same rule (on reload). */
  copyStateFrom(other: AlertingRule): void {
    this.#active = other.#active;
  }
}

function withoutName(l: Labels): Labels {
  if (!("__name__" in l)) return l;
  const { __name__: _, ...rest } = l;
  return rest;
}
