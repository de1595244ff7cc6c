/** The notification side's own metrics in Prometheus text format (for /metrics via serve's extraMetrics). */
import type { Dispatcher } from "./dispatch/dispatcher.ts";

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export function alertingMetrics(d: Dispatcher): string {
  const out: string[] = [];
  const alerts = { active: 0, suppressed: 0 };
  for (const a of d.firing()) alerts[d.status(a).state === "active" ? "active" : "suppressed"]++;
  out.push("# HELP zoosight_alerts Alerts the notifier holds that are not resolved, by state.", "# TYPE zoosight_alerts gauge");
  for (const [s, n] of Object.entries(alerts)) out.push(`zoosight_alerts{state="${s}"} ${n}`);
  const silences = { active: 0, pending: 0, expired: 0 };
  for (const s of d.silences.all()) silences[d.silences.state(s)]++;
  out.push("# HELP zoosight_silences Silences by state.", "# TYPE zoosight_silences gauge");
  for (const [s, n] of Object.entries(silences)) out.push(`zoosight_silences{state="${s}"} ${n}`);
  out.push("# HELP zoosight_alerting_aggregation_groups Aggregation groups in the dispatcher.", "# TYPE zoosight_alerting_aggregation_groups gauge");
  out.push(`zoosight_alerting_aggregation_groups ${d.activeGroups().length}`);
  out.push("# HELP zoosight_notification_attempts_total Delivery attempts by receiver, integration and outcome.", "# TYPE zoosight_notification_attempts_total counter");
  for (const [k, n] of [...d.history.counts].sort()) {
    const [receiver, integration, outcome] = k.split("\u0000") as [string, string, string];
    out.push(`zoosight_notification_attempts_total{receiver="${esc(receiver)}",integration="${esc(integration)}",outcome="${outcome}"} ${n}`);
  }
  return `${out.join("\n")}\n`;
}
