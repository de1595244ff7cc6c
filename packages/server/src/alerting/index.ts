// The notification side of alerting (Alertmanager-style): config, dispatcher, receivers, stores.
export type { Alert, NotifyFn, QueryFn, VectorSample } from "./alert.ts";
export { type AlertingClock, systemClock, type TimerHandle } from "./clock.ts";
export { AlertingConfigError } from "./config/config-error.ts";
export { loadAlertingConfig, parseAlertingYaml } from "./config/load-yaml.ts";
export { type ConfigSource, parseAlertingConfig } from "./config/parse-config.ts";
export type { AlertingConfig, IntegrationConfig, ReceiverConfig, RouteConfig } from "./config/types.ts";
export { type NotificationReason, needsUpdate } from "./dispatch/dedup.ts";
export { type AlertStatus, Dispatcher, type DispatcherOptions } from "./dispatch/dispatcher.ts";
export { type TestResult, testReceiver, UnknownReceiverError } from "./dispatch/test-receiver.ts";
export { formatDuration, parseDuration } from "./duration.ts";
export { fingerprint } from "./fingerprint.ts";
export { type Notifier, NotifyError, type NotifyContext } from "./integrations/notifier.ts";
export { webhookMessage, type WebhookMessage } from "./integrations/webhook.ts";
export { type Matcher, MatcherError, matchesAll, parseMatcher, parseMatchers } from "./matcher.ts";
export type { StoredAlert } from "./store/alert-store.ts";
export type { NotificationAttempt } from "./store/notification-history.ts";
export { type Silence, SilenceError, type SilenceState } from "./store/silences.ts";
export { VirtualClock } from "./virtual-clock.ts";
