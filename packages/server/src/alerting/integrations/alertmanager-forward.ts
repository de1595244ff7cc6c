/** Forwards alerts to a real Alertmanager: POST <url>/api/v2/alerts with postable alerts. */
import type { AlertmanagerForwardConfig } from "../config/types.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import { postJson } from "./http-post.ts";
import type { Notifier, NotifyContext } from "./notifier.ts";

export function postableAlerts(alerts: readonly StoredAlert[]): unknown[] {
  return alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: new Date(a.endsAt).toISOString(),
    generatorURL: a.generatorURL,
  }));
}

export class AlertmanagerNotifier implements Notifier {
  readonly kind = "alertmanager";
  constructor(private readonly config: AlertmanagerForwardConfig) {}
  get sendResolved(): boolean {
    return this.config.sendResolved;
  }
  notify(ctx: NotifyContext, alerts: readonly StoredAlert[]): Promise<void> {
    const base = this.config.url.replace(/\/+$/, "");
    return postJson(`${base}/api/v2/alerts`, postableAlerts(alerts), this.config.timeoutMs, ctx.signal);
  }
}
