/** Alertmanager's Muter: silences and inhibition both decide whether a label set is muted right now. */
import type { Labels } from "../../tsdb/types.ts";

export interface Muter {
  mutes(labels: Labels): boolean;
}
