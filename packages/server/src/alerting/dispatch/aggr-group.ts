/**
 * One aggregation group (route + group labels): first flush after group_wait (at once when an
 * alert is already older than group_wait), then a flush every group_interval. After a successful
 * flush, resolved alerts that were not updated meanwhile leave the group. Flushes never overlap:
 * a tick that comes while a flush is still sending (a slow receiver, retries) runs when it ends,
 * as in Alertmanager's group loop, so the dedup decision always sees the previous send logged.
 */
import type { AlertingClock, TimerHandle } from "../clock.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import { isResolved } from "../store/alert-store.ts";
import type { Route } from "./route.ts";

export type FlushFn = (group: AggrGroup, alerts: StoredAlert[]) => Promise<boolean>;

export class AggrGroup {
  readonly alerts = new Map<string, StoredAlert>();
  private timer: TimerHandle | undefined;
  private hasFlushed = false;
  private flushing = false;
  private tickWaiting = false;
  private stopped = false;

  constructor(
    readonly route: Route,
    readonly labels: Record<string, string>,
    readonly key: string,
    private readonly clock: AlertingClock,
    private readonly flush: FlushFn,
    private readonly onEmpty: (g: AggrGroup) => void,
  ) {
    this.arm(route.config.groupWaitMs);
  }

  private arm(ms: number): void {
    this.timer?.cancel();
    this.timer = this.clock.schedule(ms, () => void this.tick());
  }

  insert(a: StoredAlert): void {
    this.alerts.set(a.fingerprint, a);
    if (!this.hasFlushed && !this.flushing && a.startsAt + this.route.config.groupWaitMs < this.clock.now()) this.arm(0);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.flushing) {
      this.tickWaiting = true;
      return;
    }
    this.arm(this.route.config.groupIntervalMs);
    this.flushing = true;
    const snapshot = [...this.alerts.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
    let ok = false;
    try {
      ok = snapshot.length > 0 ? await this.flush(this, snapshot) : true;
    } finally {
      this.flushing = false;
      this.hasFlushed = true;
    }
    if (this.tickWaiting) {
      this.tickWaiting = false;
      this.timer?.cancel();
      this.timer = this.clock.schedule(0, () => void this.tick());
    }
    if (!ok || this.stopped) return;
    const now = this.clock.now();
    for (const a of snapshot) {
      const cur = this.alerts.get(a.fingerprint);
      if (cur && cur.updatedAt === a.updatedAt && isResolved(cur, now)) this.alerts.delete(a.fingerprint);
    }
    if (this.alerts.size === 0) {
      this.stop();
      this.onEmpty(this);
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }
}
