/** Alertmanager's Muter: silences and inhibition both decide whether a label set is muted right now. */
import type { Labels } from "../../tsdb/types.ts";

export interface Muter {
  /** `resolved`: the alert is a resolution (the inhibit hold applies to firing alerts only). */
  mutes(labels: Labels, resolved?: boolean): boolean;
}
