/**
 * The seam between rule evaluation and notification: what an alerting rule
 * hands to the notifier, shaped like Prometheus's POST /api/v2/alerts body so
 * the same alerts can go to zoosight's own dispatcher or to a real
 * Alertmanager unchanged.
 */
import type { Labels } from "../tsdb/types.ts";

export interface Alert {
  labels: Labels;
  annotations: Labels;
  /** ms since epoch: when the alert started firing (active since, for firing; kept when resolved). */
  startsAt: number;
  /**
   * ms since epoch. For a firing alert: when it should be considered resolved if not re-sent
   * (Prometheus sends now + 4 × max(evaluation interval, resend delay)); for a resolved alert: when it resolved.
   */
  endsAt: number;
  generatorURL: string;
}

/** Delivers alerts to the notification side; called after every rule group evaluation with firing and just-resolved alerts. */
export type NotifyFn = (alerts: readonly Alert[]) => void;

/** One element of an instant vector as the rules see it. */
export interface VectorSample {
  labels: Labels;
  value: number;
}

/** Evaluates a PromQL expression at time `t` (ms); rejects with the engine's typed error. */
export type QueryFn = (expr: string, t: number) => Promise<VectorSample[] | number>;
