/**
 * Alerts the dispatcher knows, by fingerprint, merged like Alertmanager's mem provider: the
 * earliest startsAt of an overlapping occurrence is kept (active since), annotations follow the
 * newest push, a non-overlapping re-activation is a new occurrence. Resolved alerts are kept for
 * a retention period, then dropped.
 */
import type { Alert } from "../alert.ts";
import type { AlertingClock } from "../clock.ts";
import { fingerprint } from "../fingerprint.ts";

export interface StoredAlert extends Alert {
  fingerprint: string;
  updatedAt: number;
}

export function isResolved(a: Alert, now: number): boolean {
  return a.endsAt <= now;
}

export class AlertStore {
  private readonly alerts = new Map<string, StoredAlert>();

  constructor(
    private readonly clock: AlertingClock,
    readonly retentionMs = 15 * 60_000,
  ) {}

  /** Merges one alert; returns the stored result. */
  put(a: Alert): StoredAlert {
    const now = this.clock.now();
    const fp = fingerprint(a.labels);
    const old = this.alerts.get(fp);
    let merged: StoredAlert = { ...a, labels: { ...a.labels }, annotations: { ...a.annotations }, fingerprint: fp, updatedAt: now };
    if (old && old.endsAt >= a.startsAt && a.endsAt >= old.startsAt) {
      // overlapping occurrence: keep the first start
      merged = { ...merged, startsAt: Math.min(old.startsAt, a.startsAt) };
      // both resolved: the later explicit end wins
      if (isResolved(old, now) && isResolved(a, now)) merged.endsAt = Math.max(old.endsAt, a.endsAt);
    }
    this.alerts.set(fp, merged);
    return merged;
  }

  get(fp: string): StoredAlert | undefined {
    return this.alerts.get(fp);
  }

  all(): StoredAlert[] {
    return [...this.alerts.values()];
  }

  /** Drops alerts resolved longer than the retention ago; returns the dropped fingerprints. */
  gc(): string[] {
    const now = this.clock.now();
    const dropped: string[] = [];
    for (const [fp, a] of this.alerts) {
      if (isResolved(a, now) && a.endsAt + this.retentionMs <= now) {
        this.alerts.delete(fp);
        dropped.push(fp);
      }
    }
    return dropped;
  }

  snapshot(): StoredAlert[] {
    return this.all();
  }

  restore(alerts: StoredAlert[]): void {
    for (const a of alerts) this.alerts.set(a.fingerprint, a);
  }
}
