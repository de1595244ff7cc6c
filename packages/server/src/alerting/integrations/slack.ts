/** Slack-compatible incoming webhook: {channel, username, text, attachments}. */
import type { SlackConfig } from "../config/types.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import { postJson } from "./http-post.ts";
import type { Notifier, NotifyContext } from "./notifier.ts";
import { alertLine, renderSimple, templateData, title } from "./template-data.ts";

export function slackMessage(config: SlackConfig, ctx: NotifyContext, alerts: readonly StoredAlert[]): Record<string, unknown> {
  const d = templateData(ctx, alerts);
  const head = config.title !== undefined ? renderSimple(config.title, d) : title(d);
  const body = config.text !== undefined ? renderSimple(config.text, d) : d.alerts.map(alertLine).join("\n");
  return {
    ...(config.channel ? { channel: config.channel } : {}),
    username: config.username,
    text: head,
    attachments: [{ color: d.status === "firing" ? "danger" : "good", title: head, text: body, fallback: `${head}\n${body}` }],
  };
}

export class SlackNotifier implements Notifier {
  readonly kind = "slack";
  constructor(private readonly config: SlackConfig) {}
  get sendResolved(): boolean {
    return this.config.sendResolved;
  }
  notify(ctx: NotifyContext, alerts: readonly StoredAlert[]): Promise<void> {
    return postJson(this.config.apiUrl, slackMessage(this.config, ctx, alerts), 10_000, ctx.signal);
  }
}
