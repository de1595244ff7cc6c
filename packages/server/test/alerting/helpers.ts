// Test helpers for the notification side: a recording notifier and a dispatcher on a virtual clock.
import type { Alert, AlertingConfig, Notifier, NotifyContext, StoredAlert } from "../../src/alerting/index.ts";
import { Dispatcher, parseAlertingConfig, VirtualClock } from "../../src/alerting/index.ts";

export interface Sent {
  /** ms since the test's start */
  at: number;
  receiver: string;
  integration: number;
  reason: string;
  groupKey: string;
  firing: string[];
  resolved: string[];
}

export class Recorder {
  readonly sent: Sent[] = [];
  /** Failures to inject: each call takes one from the front (undefined = succeed). */
  failures: (Error | undefined)[] = [];
  constructor(private readonly start: number) {}

  notifier(receiver: string, integration: number, sendResolved: boolean, now: () => number): Notifier {
    return {
      kind: "webhook",
      sendResolved,
      notify: async (ctx: NotifyContext, alerts: readonly StoredAlert[]) => {
        const f = this.failures.shift();
        if (f) throw f;
        const name = (a: StoredAlert) => a.labels.instance ?? a.labels.alertname ?? "?";
        this.sent.push({
          at: now() - this.start,
          receiver,
          integration,
          reason: ctx.reason,
          groupKey: ctx.groupKey,
          firing: alerts.filter((a) => a.endsAt > ctx.now).map(name).sort(),
          resolved: alerts.filter((a) => a.endsAt <= ctx.now).map(name).sort(),
        });
      },
    };
  }
}

export function setup(config: unknown, opts: { dataDir?: string; clock?: VirtualClock; sendResolved?: Record<string, boolean[]>; inhibitHoldMs?: number } = {}) {
  const clock = opts.clock ?? new VirtualClock();
  const start = clock.now();
  const rec = new Recorder(start);
  const cfg: AlertingConfig = parseAlertingConfig(config);
  const d = new Dispatcher({
    config: cfg,
    clock,
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    ...(opts.inhibitHoldMs !== undefined ? { inhibitHoldMs: opts.inhibitHoldMs } : {}),
    retry: { initialBackoffMs: 1000, maxBackoffMs: 4000 },
    notifierFactory: (r, i) => {
      const c = r.integrations[i]!;
      return rec.notifier(r.name, i, c.kind === "webhook" ? c.sendResolved : false, () => clock.now());
    },
  });
  const fire = (labels: Record<string, string>, startsAt = clock.now()): Alert => ({ labels, annotations: {}, startsAt, endsAt: clock.now() + 3_600_000, generatorURL: "" });
  const resolve = (a: Alert): Alert => ({ ...a, endsAt: clock.now() });
  /** Advances to `sec` seconds after the start. */
  const at = (sec: number) => clock.advance(start + sec * 1000 - clock.now());
  return { clock, start, rec, d, fire, resolve, at };
}

export const hook = (name: string, sendResolved = true) => ({ name, webhook_configs: [{ url: "http://127.0.0.1:9/", send_resolved: sendResolved }] });
