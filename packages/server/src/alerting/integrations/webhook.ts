/** Alertmanager webhook payload version "4" (with notification_reason), POSTed as JSON. */
import type { WebhookConfig } from "../config/types.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import { postJson } from "./http-post.ts";
import type { Notifier, NotifyContext } from "./notifier.ts";
import { type TemplateData, templateData } from "./template-data.ts";

export interface WebhookMessage extends TemplateData {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  notification_reason: string;
}

export function webhookMessage(ctx: NotifyContext, alerts: readonly StoredAlert[], maxAlerts: number): WebhookMessage {
  const data = templateData(ctx, alerts);
  const truncated = maxAlerts > 0 && data.alerts.length > maxAlerts ? data.alerts.length - maxAlerts : 0;
  if (truncated > 0) data.alerts = data.alerts.slice(0, maxAlerts);
  return { ...data, version: "4", groupKey: ctx.groupKey, truncatedAlerts: truncated, notification_reason: ctx.reason };
}

export class WebhookNotifier implements Notifier {
  readonly kind = "webhook";
  constructor(private readonly config: WebhookConfig) {}
  get sendResolved(): boolean {
    return this.config.sendResolved;
  }
  notify(ctx: NotifyContext, alerts: readonly StoredAlert[]): Promise<void> {
    return postJson(this.config.url, webhookMessage(ctx, alerts, this.config.maxAlerts), this.config.timeoutMs, ctx.signal);
  }
}
