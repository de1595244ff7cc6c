/** The integration contract: send one batch; a failure says whether retrying may help. */
import type { StoredAlert } from "../store/alert-store.ts";

export interface NotifyContext {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  reason: string;
  externalURL: string;
  now: number;
  /** The route's group_interval: the next flush of this group is at most this far away. */
  groupIntervalMs?: number;
  /** Aborted when the attempt's deadline passes. */
  signal?: AbortSignal;
}

export interface Notifier {
  /** "webhook", "slack", "email", "alertmanager" */
  readonly kind: string;
  readonly sendResolved: boolean;
  /**
   * True for integrations that hand alert state to another system rather than notify a person
   * (forwarding to an Alertmanager): they are sent at every flush while alerts fire, so the
   * receiver's copy never reaches its endsAt, and the receiver deduplicates.
   */
  readonly refreshesState?: boolean;
  notify(ctx: NotifyContext, alerts: readonly StoredAlert[]): Promise<void>;
}

/** A failed delivery; `recoverable` = network error or 5xx (retry), otherwise fail fast. */
export class NotifyError extends Error {
  override name = "NotifyError";
  constructor(
    message: string,
    readonly recoverable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Removes credentials and query strings from a URL for messages (webhook URLs often embed tokens). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? "/…" : "/"}`;
  } catch {
    return "(url)";
  }
}
