/** The notification configuration, in Alertmanager's vocabulary, after validation (durations in ms). */
import type { Matcher } from "../matcher.ts";

export interface RouteConfig {
  receiver: string;
  /** null = group by every label ('...'). */
  groupBy: string[] | null;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  matchers: Matcher[];
  continue: boolean;
  routes: RouteConfig[];
}

export interface WebhookConfig {
  kind: "webhook";
  url: string;
  sendResolved: boolean;
  maxAlerts: number;
  timeoutMs: number;
}

export interface SlackConfig {
  kind: "slack";
  apiUrl: string;
  channel: string;
  username: string;
  sendResolved: boolean;
  title?: string;
  text?: string;
}

export interface EmailConfig {
  kind: "email";
  to: string;
  from: string;
  /** host:port */
  smarthost: string;
  authUsername?: string;
  authPassword?: string;
  requireTls: boolean;
  sendResolved: boolean;
}

/** zoosight extension: forward alerts to a real Alertmanager's POST /api/v2/alerts. */
export interface AlertmanagerForwardConfig {
  kind: "alertmanager";
  url: string;
  sendResolved: boolean;
  timeoutMs: number;
}

export type IntegrationConfig = WebhookConfig | SlackConfig | EmailConfig | AlertmanagerForwardConfig;

export interface ReceiverConfig {
  name: string;
  integrations: IntegrationConfig[];
}

export interface InhibitRuleConfig {
  sourceMatchers: Matcher[];
  targetMatchers: Matcher[];
  equal: string[];
}

export interface AlertingConfig {
  route: RouteConfig;
  receivers: ReceiverConfig[];
  inhibitRules: InhibitRuleConfig[];
  /** resolve_timeout for alerts posted without endsAt (default 5m). */
  resolveTimeoutMs: number;
}

/**
 * What a route gets when neither it nor its parents say. Unlike Alertmanager (group_by none,
 * group_wait 30s, group_interval 5m), zoosight groups per alert and ensemble and waits 1 s: the
 * built-in pack evaluates ensemble-level rules every second so that a lost leader or quorum reaches
 * someone within 5 s, and a 30 s group_wait (or one group shared with an earlier alert and its 5 m
 * group_interval) would undo that. Set them in zoosight.yaml to get Alertmanager's behaviour.
 */
export const ROUTE_DEFAULTS = { groupBy: ["alertname", "ensemble"], groupWaitMs: 1_000, groupIntervalMs: 60_000, repeatIntervalMs: 4 * 3_600_000 };
