// The store's own metrics in the Prometheus text format (appended to /metrics).
import type { Tsdb } from "./tsdb-store.ts";

export function tsdbMetricsText(db: Tsdb): string {
  const s = db.stats;
  const rows: [string, "counter" | "gauge", string, number][] = [
    ["zoosight_tsdb_head_series", "gauge", "Series in the in-memory head.", db.numHeadSeries],
    ["zoosight_tsdb_blocks", "gauge", "Persisted blocks.", db.blocks.length],
    ["zoosight_tsdb_storage_bytes", "gauge", "Bytes of blocks and write-ahead log on disk.", db.diskBytes()],
    ["zoosight_tsdb_samples_appended_total", "counter", "Samples stored.", s.samplesAppended],
    ["zoosight_tsdb_out_of_order_samples_total", "counter", "Samples refused: older than the series' last sample.", s.outOfOrder],
    ["zoosight_tsdb_duplicate_samples_total", "counter", "Samples refused: same timestamp as the last sample with another value.", s.duplicateConflicts],
    ["zoosight_tsdb_out_of_bounds_samples_total", "counter", "Samples refused: older than the newest block or outside the timestamp range.", s.outOfBounds],
    ["zoosight_tsdb_stale_markers_total", "counter", "Stale markers written for series that disappeared.", s.staleMarkers],
    ["zoosight_tsdb_series_created_total", "counter", "Series created in the head.", s.seriesCreated],
    ["zoosight_tsdb_kept_selects_built_total", "counter", "Range selects of rules kept between collections, built from chunks.", s.keptSelectsBuilt],
    ["zoosight_tsdb_kept_selects_extended_total", "counter", "Kept range selects extended by the samples of a collection instead of built again.", s.keptSelectsExtended],
    ["zoosight_tsdb_blocks_deleted_total", "counter", "Blocks deleted by retention.", db.blocksDeleted],
  ];
  return rows.map(([name, type, help, v]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${v}\n`).join("");
}
