import type { IntegrationConfig } from "../config/types.ts";
import { AlertmanagerNotifier } from "./alertmanager-forward.ts";
import { EmailNotifier } from "./email.ts";
import type { Notifier } from "./notifier.ts";
import { SlackNotifier } from "./slack.ts";
import { WebhookNotifier } from "./webhook.ts";

export function buildNotifier(c: IntegrationConfig): Notifier {
  switch (c.kind) {
    case "webhook":
      return new WebhookNotifier(c);
    case "slack":
      return new SlackNotifier(c);
    case "email":
      return new EmailNotifier(c);
    case "alertmanager":
      return new AlertmanagerNotifier(c);
  }
}
