import assert from "node:assert/strict";
import { test } from "node:test";
import { Dispatcher, type NotifyContext, parseAlertingConfig, type StoredAlert, VirtualClock } from "../../src/alerting/index.ts";
import { sleepOn } from "../../src/alerting/clock.ts";

test("alerting > a receiver slower than group_interval: flushes do not overlap, so each change is notified once", async () => {
  const clock = new VirtualClock();
  const start = clock.now();
  const sent: string[] = [];
  const d = new Dispatcher({
    config: parseAlertingConfig({
      route: { receiver: "slow", group_by: ["alertname"], group_wait: "0s", group_interval: "1s", repeat_interval: "1h" },
      receivers: [{ name: "slow", webhook_configs: [{ url: "http://127.0.0.1:9/" }] }],
    }),
    clock,
    notifierFactory: () => ({
      kind: "webhook",
      sendResolved: true,
      notify: async (ctx: NotifyContext, alerts: readonly StoredAlert[]) => {
        // the POST takes 2.5 group intervals (a loaded receiver); it counts once it has arrived
        const at = (clock.now() - start) / 1000;
        await sleepOn(clock, 2500);
        sent.push(`${at}s ${ctx.reason} ${alerts.map((a) => (a.endsAt <= ctx.now ? "resolved" : "firing")).join(",")}`);
      },
    }),
  });
  const labels = { alertname: "ZooKeeperLeaderChanged", ensemble: "prod" };
  d.receive([{ labels, annotations: {}, startsAt: start, endsAt: start + 3_600_000, generatorURL: "" }]);
  await clock.advance(10_000);
  d.receive([{ labels, annotations: {}, startsAt: start, endsAt: clock.now(), generatorURL: "" }]);
  await clock.advance(10_000);
  // without the fix: the first notification three times (0s, 1s, 2s) and the resolution three times
  assert.deepEqual(sent, ["0s first notification firing", "10.5s all alerts resolved resolved"]);
  d.stop();
});
