/** The integration contract: send one batch; a failure says whether retrying may help. */
import type { StoredAlert } from "../store/alert-store.ts";

export interface NotifyContext {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  reason: string;
  externalURL: string;
  now: number;
  /** Aborted when the attempt's deadline passes. */
  signal?: AbortSignal;
}

export interface Notifier {
  /** "webhook", "slack", "email", "alertmanager" */
  readonly kind: string;
  readonly sendResolved: boolean;
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
