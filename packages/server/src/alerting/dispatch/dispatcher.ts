/**
 * The notification side: alerts in (NotifyFn or the API), routed into aggregation groups, flushed
 * through inhibition and silences, then per receiver integration: dedup → retry → log. Time comes
 * only from the injected clock; state persists in the data directory when one is given.
 */
import type { Alert } from "../alert.ts";
import { type AlertingClock, systemClock } from "../clock.ts";
import type { AlertingConfig, ReceiverConfig } from "../config/types.ts";
import { fingerprint } from "../fingerprint.ts";
import { buildNotifier } from "../integrations/build.ts";
import type { Notifier } from "../integrations/notifier.ts";
import { AlertStore, isResolved, type StoredAlert } from "../store/alert-store.ts";
import { NotificationHistory } from "../store/notification-history.ts";
import { NotificationLog } from "../store/notification-log.ts";
import { StateDir } from "../store/persistence.ts";
import { Silences } from "../store/silences.ts";
import { AggrGroup } from "./aggr-group.ts";
import { Inhibitor } from "./inhibitor.ts";
import type { Muter } from "./muter.ts";
import { deliver } from "./deliver.ts";
import { DEFAULT_RETRY, type RetryOptions } from "./retry.ts";
import { buildRoute, groupKey, groupLabels, matchRoutes, type Route } from "./route.ts";

export interface DispatcherOptions {
  config: AlertingConfig;
  clock?: AlertingClock;
  /** zoosight's data directory; state goes to <dataDir>/alerting/. */
  dataDir?: string;
  externalURL?: string;
  retry?: Partial<Omit<RetryOptions, "deadlineMs">>;
  /** How long a resolved inhibition source keeps inhibiting (default 0, as Alertmanager). */
  inhibitHoldMs?: number;
  /** For tests: replaces the real integrations. */
  notifierFactory?: (receiver: ReceiverConfig, index: number) => Notifier;
}

export interface AlertStatus {
  state: "active" | "suppressed" | "unprocessed";
  silencedBy: string[];
  inhibitedBy: string[];
}

export class Dispatcher {
  readonly clock: AlertingClock;
  readonly config: AlertingConfig;
  readonly store: AlertStore;
  readonly silences: Silences;
  readonly nflog = new NotificationLog();
  readonly history = new NotificationHistory();
  readonly inhibitor: Inhibitor;
  readonly route: Route;
  readonly externalURL: string;
  readonly retry: Omit<RetryOptions, "deadlineMs">;
  readonly startedAt: number;
  private readonly groups = new Map<string, AggrGroup>();
  private readonly notifiers = new Map<string, Notifier[]>();
  private readonly state: StateDir | undefined;
  private stopped = false;
  /** Applied in order at every flush (inhibition, then silences, as Alertmanager's pipeline). */
  private readonly muters: Muter[];

  constructor(opts: DispatcherOptions) {
    this.clock = opts.clock ?? systemClock;
    this.config = opts.config;
    this.startedAt = this.clock.now();
    this.store = new AlertStore(this.clock);
    this.silences = new Silences(this.clock);
    this.route = buildRoute(opts.config.route);
    this.externalURL = opts.externalURL ?? "http://127.0.0.1:7070";
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.inhibitor = new Inhibitor(opts.config.inhibitRules, () => this.store.all(), () => this.clock.now(), opts.inhibitHoldMs ?? 0);
    this.muters = [this.inhibitor, this.silences];
    for (const r of opts.config.receivers) {
      this.notifiers.set(
        r.name,
        r.integrations.map((c, i) => (opts.notifierFactory ? opts.notifierFactory(r, i) : buildNotifier(c))),
      );
    }
    this.state = opts.dataDir !== undefined ? new StateDir(opts.dataDir) : undefined;
    if (this.state) {
      const saved = this.state.load();
      this.silences.restore(saved.silences);
      this.nflog.restore(saved.nflog);
      this.history.restore(saved.history);
      // Alerts firing at the last save keep firing for at least resolve_timeout after the restart:
      // their sources re-send them (or their resolution) meanwhile, so a restart neither sends a
      // spurious "resolved" nor forgets an alert that stopped being re-sent during the outage.
      const now = this.clock.now();
      this.store.restore(
        saved.alerts.map((a) => (a.endsAt > saved.alertsSavedAt ? { ...a, endsAt: Math.max(a.endsAt, now + this.config.resolveTimeoutMs) } : a)),
      );
      this.store.gc();
      for (const a of this.store.all()) this.route_(a);
      this.silences.onChange = () => this.state?.save("silences", this.silences.snapshot());
    }
  }

  /** The NotifyFn seam: alerts from the rule engine (firing and just resolved). */
  readonly receive = (alerts: readonly Alert[]): void => {
    if (this.stopped) return;
    let changed = false;
    const now = this.clock.now();
    for (const a of alerts) {
      const before = this.store.get(fingerprint(a.labels));
      const stored = this.store.put(a);
      if (!before || before.startsAt !== stored.startsAt || isResolved(before, now) !== isResolved(stored, now)) changed = true;
      this.route_(stored);
    }
    if (changed) this.saveAlerts();
  };

  /** Alerts posted through the API: startsAt defaults to now, endsAt to now + resolve_timeout. */
  post(alerts: readonly (Partial<Alert> & { labels: Alert["labels"] })[]): void {
    const now = this.clock.now();
    this.receive(
      alerts.map((a) => ({
        labels: a.labels,
        annotations: a.annotations ?? {},
        startsAt: a.startsAt ?? now,
        endsAt: a.endsAt ?? now + this.config.resolveTimeoutMs,
        generatorURL: a.generatorURL ?? "",
      })),
    );
  }

  private route_(a: StoredAlert): void {
    for (const route of matchRoutes(this.route, a.labels)) {
      const gl = groupLabels(route, a.labels);
      const key = `${route.id}\u0000${groupKey(route, gl)}`;
      let g = this.groups.get(key);
      if (!g) {
        g = new AggrGroup(route, gl, groupKey(route, gl), this.clock, (grp, alerts) => this.flush(grp, alerts), () => this.groups.delete(key));
        this.groups.set(key, g);
      }
      g.insert(a);
    }
  }

  private saveAlerts(): void {
    this.state?.save("alerts", this.store.snapshot(), this.clock.now());
  }

  status(a: StoredAlert): AlertStatus {
    const silencedBy = this.silences.silencedBy(a.labels);
    const inhibitedBy = this.inhibitor.inhibitedBy(a.labels);
    return { state: silencedBy.length > 0 || inhibitedBy.length > 0 ? "suppressed" : "active", silencedBy, inhibitedBy };
  }

  receiversFor(a: StoredAlert): string[] {
    return [...new Set(matchRoutes(this.route, a.labels).map((r) => r.config.receiver))];
  }

  activeGroups(): AggrGroup[] {
    return [...this.groups.values()];
  }

  notifiersOf(receiver: string): Notifier[] | undefined {
    return this.notifiers.get(receiver);
  }

  private async flush(group: AggrGroup, alerts: StoredAlert[]): Promise<boolean> {
    const now = this.clock.now();
    const unmuted = alerts.filter((a) => !this.muters.some((m) => m.mutes(a.labels, isResolved(a, now))));
    if (unmuted.length === 0) return true;
    const receiver = group.route.config.receiver;
    const results = await Promise.all(
      (this.notifiers.get(receiver) ?? []).map((n, i) =>
        deliver(this, { group, receiver, notifier: n, integration: `${n.kind}[${i}]`, alerts: unmuted, now }),
      ),
    );
    this.store.gc();
    this.nflog.gc(this.clock.now());
    this.silences.gc();
    this.saveAlerts();
    this.state?.save("nflog", this.nflog.snapshot());
    this.state?.save("history", this.history.snapshot());
    return results.every(Boolean);
  }

  /** True once any alert is firing (for tests and status). */
  firing(): StoredAlert[] {
    const now = this.clock.now();
    return this.store.all().filter((a) => !isResolved(a, now));
  }

  /** Stops every timer and writes the state; the dispatcher accepts nothing afterwards. */
  stop(): void {
    this.stopped = true;
    for (const g of this.groups.values()) g.stop();
    this.groups.clear();
    if (this.state) {
      this.saveAlerts();
      this.state.save("silences", this.silences.snapshot());
      this.state.save("nflog", this.nflog.snapshot());
      this.state.save("history", this.history.snapshot());
    }
  }
}
