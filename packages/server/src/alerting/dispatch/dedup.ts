/** Alertmanager's "should we notify?" (notify/dedup_stage.go needsUpdate), with the reason it gives. */
import type { NflogEntry } from "../store/notification-log.ts";

export type NotificationReason =
  | "first notification"
  | "new alerts added"
  | "some alerts resolved"
  | "all alerts resolved"
  | "repeat interval elapsed"
  | "state refresh";

const subset = (small: ReadonlySet<string>, big: readonly string[]) => {
  const b = new Set(big);
  for (const x of small) if (!b.has(x)) return false;
  return true;
};

/**
 * undefined = do not notify. The repeat check is "at least repeat_interval since the last send"
 * (Alertmanager compares strictly against wall-clock send times; on a virtual clock `<=` makes a
 * repeat_interval that is a multiple of group_interval repeat on that tick, not one later).
 */
export function needsUpdate(
  entry: NflogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): NotificationReason | undefined {
  if (!entry) return firing.size > 0 ? "first notification" : undefined;
  if (!subset(firing, entry.firing)) return entry.firing.length === 0 ? "first notification" : "new alerts added";
  // all resolved is logged even without send_resolved, so the log's firing set is cleared
  if (firing.size === 0) return entry.firing.length > 0 ? "all alerts resolved" : undefined;
  if (sendResolved && !subset(resolved, entry.resolved)) return "some alerts resolved";
  return entry.timestamp <= now - repeatIntervalMs ? "repeat interval elapsed" : undefined;
}
