import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Dispatcher, fingerprint, type NotifyContext, parseAlertingConfig, type StoredAlert, VirtualClock } from "../../src/alerting/index.ts";
import { AlertmanagerNotifier } from "../../src/alerting/integrations/alertmanager-forward.ts";
import { type HttpTarget, httpTarget } from "./http-target.ts";

describe("alerting > forwarding to an Alertmanager keeps its copy alive", () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    for (const t of targets) await t.close();
  });

  test("firing alerts are re-posted at every flush (state refresh), people are notified once; resolved ones once", async () => {
    const clock = new VirtualClock();
    const calls: { kind: string; at: number; reason: string; resolved: boolean }[] = [];
    const d = new Dispatcher({
      config: parseAlertingConfig({
        route: { receiver: "both", group_by: ["alertname"], group_wait: "1s", group_interval: "1m", repeat_interval: "4h" },
        receivers: [{ name: "both", webhook_configs: [{ url: "http://127.0.0.1:9/" }], alertmanager_configs: [{ url: "http://127.0.0.1:9/" }] }],
      }),
      clock,
      notifierFactory: (r, i) => {
        const kind = r.integrations[i]!.kind;
        return {
          kind,
          sendResolved: true,
          refreshesState: kind === "alertmanager",
          notify: async (ctx: NotifyContext, alerts: readonly StoredAlert[]) => {
            calls.push({ kind, at: (clock.now() - start) / 1000, reason: ctx.reason, resolved: alerts.every((a) => a.endsAt <= ctx.now) });
          },
        };
      },
    });
    const start = clock.now();
    const labels = { alertname: "ZooKeeperQuorumLost", ensemble: "prod" };
    d.receive([{ labels, annotations: {}, startsAt: start, endsAt: start + 3_600_000, generatorURL: "" }]);
    await clock.advance(181_000);
    d.receive([{ labels, annotations: {}, startsAt: start, endsAt: clock.now(), generatorURL: "" }]);
    await clock.advance(240_000);
    const of = (kind: string) => calls.filter((c) => c.kind === kind).map((c) => `${c.at}s ${c.reason}${c.resolved ? " (resolved)" : ""}`);
    assert.deepEqual(of("webhook"), ["1s first notification", "241s all alerts resolved (resolved)"]);
    assert.deepEqual(of("alertmanager"), ["1s first notification", "61s state refresh", "121s state refresh", "181s state refresh", "241s all alerts resolved (resolved)"]);
    d.stop();
  });

  test("a firing alert's endsAt outlasts three group intervals; a resolved one keeps its end", async () => {
    const t = await httpTarget();
    targets.push(t);
    const now = Date.UTC(2026, 0, 1, 12);
    const alert = (endsAt: number): StoredAlert => {
      const labels = { alertname: "ZooKeeperQuorumLost", ensemble: endsAt > now ? "firing" : "resolved" };
      return { labels, annotations: {}, startsAt: now - 60_000, endsAt, generatorURL: "", fingerprint: fingerprint(labels), updatedAt: now };
    };
    const n = new AlertmanagerNotifier({ kind: "alertmanager", url: t.url, sendResolved: true, timeoutMs: 5000 });
    const ctx = { receiver: "am", groupKey: "{}", groupLabels: {}, reason: "state refresh", externalURL: "", now, groupIntervalMs: 300_000 };
    await n.notify(ctx, [alert(now + 240_000), alert(now - 1000)]);
    const body = t.received[0]!.body as { endsAt: string }[];
    assert.deepEqual(
      body.map((a) => a.endsAt),
      [new Date(now + 900_000).toISOString(), new Date(now - 1000).toISOString()],
    );
  });
});
