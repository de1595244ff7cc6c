// Counters the store keeps about itself (exposed as zoosight_tsdb_* metrics).
export interface TsdbStats {
  samplesAppended: number;
  /** Older than the series' last sample. */
  outOfOrder: number;
  /** Same timestamp as the series' last sample, different value. */
  duplicateConflicts: number;
  /** Same timestamp and same value: accepted silently, counted here only for tests. */
  duplicatesIgnored: number;
  /** Older than the newest persisted block (or with a timestamp outside ±2^51 ms). */
  outOfBounds: number;
  staleMarkers: number;
  seriesCreated: number;
  /** Kept columns selects (rules' range selectors) built from chunks. */
  keptSelectsBuilt: number;
  /** Kept columns selects extended by the samples stored since (instead of built again). */
  keptSelectsExtended: number;
}

export function emptyStats(): TsdbStats {
  return { samplesAppended: 0, outOfOrder: 0, duplicateConflicts: 0, duplicatesIgnored: 0, outOfBounds: 0, staleMarkers: 0, seriesCreated: 0, keptSelectsBuilt: 0, keptSelectsExtended: 0 };
}
