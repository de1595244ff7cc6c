/**
 * Forwards alerts to a real Alertmanager: POST <url>/api/v2/alerts with postable alerts, like a
 * Prometheus does. Alertmanager resolves an alert by itself once its endsAt passes, so firing
 * alerts are re-posted at every flush (refreshesState) with an endsAt that outlasts the next one.
 */
import type { AlertmanagerForwardConfig } from "../config/types.ts";
import { isResolved, type StoredAlert } from "../store/alert-store.ts";
import { postJson } from "./http-post.ts";
import type { Notifier, NotifyContext } from "./notifier.ts";

/** Flushes a firing alert's endsAt must outlast (one may fail and be retried at the next). */
const FLUSHES_COVERED = 3;

export function postableAlerts(alerts: readonly StoredAlert[], now?: number, groupIntervalMs?: number): unknown[] {
  return alerts.map((a) => {
    const firing = now !== undefined && !isResolved(a, now);
    const endsAt = firing && groupIntervalMs !== undefined ? Math.max(a.endsAt, now + FLUSHES_COVERED * groupIntervalMs) : a.endsAt;
    return {
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      generatorURL: a.generatorURL,
    };
  });
}

export class AlertmanagerNotifier implements Notifier {
  readonly kind = "alertmanager";
  readonly refreshesState = true;
  constructor(private readonly config: AlertmanagerForwardConfig) {}
  get sendResolved(): boolean {
    return this.config.sendResolved;
  }
  notify(ctx: NotifyContext, alerts: readonly StoredAlert[]): Promise<void> {
    const base = this.config.url.replace(/\/+$/, "");
    return postJson(`${base}/api/v2/alerts`, postableAlerts(alerts, ctx.now, ctx.groupIntervalMs), this.config.timeoutMs, ctx.signal);
  }
}
