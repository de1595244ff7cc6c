/** "Test this receiver": sends one synthetic firing alert through every integration of a receiver, once, without dedup. */
import { fingerprint } from "../fingerprint.ts";
import type { StoredAlert } from "../store/alert-store.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { withRetry } from "./retry.ts";

export interface TestResult {
  integration: string;
  ok: boolean;
  error?: string;
}

export class UnknownReceiverError extends Error {
  override name = "UnknownReceiverError";
  constructor(readonly receiver: string) {
    super(`no receiver named '${receiver}'`);
  }
}

export async function testReceiver(d: Dispatcher, receiver: string): Promise<TestResult[]> {
  const notifiers = d.notifiersOf(receiver);
  if (!notifiers) throw new UnknownReceiverError(receiver);
  const now = d.clock.now();
  const labels = { alertname: "ZoosightTestAlert", receiver, severity: "none" };
  const alert: StoredAlert = {
    labels,
    annotations: { summary: `Test notification from zoosight to receiver '${receiver}'`, description: "If you read this, the receiver works." },
    startsAt: now,
    endsAt: now + 5 * 60_000,
    generatorURL: d.externalURL,
    fingerprint: fingerprint(labels),
    updatedAt: now,
  };
  const groupKey = `{}:{alertname="ZoosightTestAlert"}`;
  return Promise.all(
    notifiers.map(async (n, i) => {
      const integration = `${n.kind}[${i}]`;
      const ctx = { receiver, groupKey, groupLabels: { alertname: "ZoosightTestAlert" }, reason: "test", externalURL: d.externalURL, now };
      try {
        await withRetry(d.clock, { ...d.retry, deadlineMs: 0 }, () => n.notify(ctx, [alert]), (r) =>
          d.history.record({
            receiver,
            integration,
            groupKey,
            reason: "test",
            fingerprints: [alert.fingerprint],
            time: r.time,
            attempt: r.attempt,
            outcome: r.error ? "failed" : "success",
            test: true,
            ...(r.error ? { error: r.error.message } : {}),
          }),
        );
        return { integration, ok: true };
      } catch (err) {
        return { integration, ok: false, error: (err as Error).message };
      }
    }),
  );
}
