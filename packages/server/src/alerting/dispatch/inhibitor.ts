/**
 * Inhibition: a target alert is muted while a firing source alert exists with equal values for the
 * `equal` labels (missing = empty). An alert matching both sides is not inhibited by alerts that
 * also match both sides (itself included). Resolved sources do not inhibit, except during an
 * optional hold after they resolve (zoosight extension, 0 = Alertmanager's behaviour): rules that
 * share one cause are evaluated at different intervals, so a per-server target often resolves a
 * few seconds after its ensemble-level source; without the hold that gap notifies the target.
 */
import type { Labels } from "../../tsdb/types.ts";
import type { InhibitRuleConfig } from "../config/types.ts";
import { matchesAll } from "../matcher.ts";
import { isResolved, type StoredAlert } from "../store/alert-store.ts";
import type { Muter } from "./muter.ts";

export class Inhibitor implements Muter {
  constructor(
    private readonly rules: readonly InhibitRuleConfig[],
    private readonly alerts: () => readonly StoredAlert[],
    private readonly now: () => number,
    private readonly holdMs = 0,
  ) {}

  /** Fingerprints of the firing (or resolved within `holdMs`) source alerts that inhibit these labels. */
  inhibitedBy(labels: Labels, holdMs = this.holdMs): string[] {
    const now = this.now();
    const out = new Set<string>();
    for (const rule of this.rules) {
      if (!matchesAll(rule.targetMatchers, labels)) continue;
      const targetIsSource = matchesAll(rule.sourceMatchers, labels);
      for (const src of this.alerts()) {
        if (isResolved(src, now - holdMs) || !matchesAll(rule.sourceMatchers, src.labels)) continue;
        if (targetIsSource && matchesAll(rule.targetMatchers, src.labels)) continue;
        if (rule.equal.every((n) => (src.labels[n] ?? "") === (labels[n] ?? ""))) out.add(src.fingerprint);
      }
    }
    return [...out];
  }

  /**
   * A resolution is muted only while a source still fires: the hold is there to keep a target
   * that is still firing quiet, not to swallow the resolution of one that was notified before.
   */
  mutes(labels: Labels, resolved = false): boolean {
    return this.inhibitedBy(labels, resolved ? 0 : this.holdMs).length > 0;
  }
}
