/**
 * After a restart, the dispatcher restores the alerts that were firing (so nothing is re-sent or
 * forgotten), but the new rule engine starts with no state: a restored alert whose condition
 * ended while zoosight was down, or ends before its `for` is met again, would never be resolved
 * by a rule and would stay firing until its endsAt (minutes), and be notified once an inhibition
 * lifts. This check resolves every restored alert of the pack that its rule, having evaluated
 * since the restart, no longer holds as pending or firing. Alerts the rules send again are theirs.
 */
import type { Alert } from "../../alerting/alert.ts";
import { fingerprint } from "../../alerting/fingerprint.ts";
import { AlertingRule } from "../../rules/alerting-rule.ts";
import type { RuleGroup } from "../../rules/group.ts";

export class RestoredAlertCheck {
  readonly #watched = new Map<string, Alert>();

  /**
   * Time from which the store holds this run's collections; rules evaluated before then judged
   * stale data (or none), so they do not count. Set by the caller; nothing is judged while unset.
   */
  freshSince: number | undefined;

  /** `restored`: the dispatcher's firing alerts at start. */
  constructor(restored: readonly Alert[]) {
    for (const a of restored) this.#watched.set(fingerprint(a.labels), a);
  }

  /** Nothing left to check. */
  get done(): boolean {
    return this.#watched.size === 0;
  }

  /** The rule engine sent these (firing or resolved): they follow the rules from now on. */
  sent(alerts: readonly Alert[]): void {
    for (const a of alerts) this.#watched.delete(fingerprint(a.labels));
  }

  /** Restored alerts to resolve at `now`, each once; alerts of no rule here are left alone. */
  stale(groups: readonly RuleGroup[], now: number): Alert[] {
    const out: Alert[] = [];
    const since = this.freshSince;
    if (this.#watched.size === 0 || since === undefined) return out;
    for (const g of groups) {
      if (g.lastEvaluation === undefined || g.lastEvaluation <= since) continue;
      for (const rule of g.rules) {
        if (!(rule instanceof AlertingRule)) continue;
        const held = new Set(rule.alerts().filter((a) => a.state !== "inactive").map((a) => fingerprint(a.labels)));
        for (const [fp, a] of this.#watched) {
          if (a.labels.alertname !== rule.name || held.has(fp)) continue;
          this.#watched.delete(fp);
          out.push({ ...a, endsAt: now });
        }
      }
    }
    return out;
  }
}
