/** One integration of one receiver for one group flush: dedup → (filter resolved) → retry → log. */
import type { Notifier } from "../integrations/notifier.ts";
import { isResolved, type StoredAlert } from "../store/alert-store.ts";
import type { AggrGroup } from "./aggr-group.ts";
import { needsUpdate } from "./dedup.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { withRetry } from "./retry.ts";

export interface Delivery {
  group: AggrGroup;
  receiver: string;
  notifier: Notifier;
  integration: string;
  alerts: StoredAlert[];
  now: number;
}

/** True when nothing needs retrying at the next flush. */
export async function deliver(d: Dispatcher, job: Delivery): Promise<boolean> {
  const { group, receiver, notifier, integration, alerts, now } = job;
  const firing = new Set(alerts.filter((a) => !isResolved(a, now)).map((a) => a.fingerprint));
  const resolved = new Set(alerts.filter((a) => isResolved(a, now)).map((a) => a.fingerprint));
  const entry = d.nflog.get(group.key, receiver, integration);
  const reason =
    needsUpdate(entry, firing, resolved, notifier.sendResolved, group.route.config.repeatIntervalMs, now) ??
    (notifier.refreshesState && firing.size > 0 ? "state refresh" : undefined);
  if (reason === undefined) return true;
  const toSend = notifier.sendResolved ? alerts : alerts.filter((a) => firing.has(a.fingerprint));
  const fingerprints = toSend.map((a) => a.fingerprint);
  const base = { receiver, integration, groupKey: group.key, reason, fingerprints };
  if (toSend.length > 0) {
    const ctx = { receiver, groupKey: group.key, groupLabels: group.labels, reason, externalURL: d.externalURL, now, groupIntervalMs: group.route.config.groupIntervalMs };
    try {
      await withRetry(d.clock, { ...d.retry, deadlineMs: group.route.config.groupIntervalMs }, () => notifier.notify(ctx, toSend), (r) =>
        d.history.record({
          ...base,
          time: r.time,
          attempt: r.attempt,
          outcome: r.error === undefined ? "success" : r.willRetry ? "retrying" : "failed",
          ...(r.error ? { error: r.error.message } : {}),
        }),
      );
    } catch {
      return false;
    }
  } else {
    d.history.record({ ...base, time: now, attempt: 0, outcome: "skipped", error: "only resolved alerts and send_resolved is false" });
  }
  d.nflog.log({ groupKey: group.key, receiver, integration, timestamp: now, firing: [...firing], resolved: [...resolved] });
  return true;
}
