// The embedded time-series store.
export type { LabelMatcher, Labels, MatchType, Querier, Sample, SampleColumns, SelectHints, Series } from "./types.ts";
export { InvalidMatcherError, isStaleNaN, SampleLimitError, STALE_NAN, STALE_NAN_BITS, sampleCount } from "./types.ts";
export type { TsdbStats } from "./tsdb-stats.ts";
export type { AppendBatch, AppendSink } from "./tsdb.ts";
export { MemoryTsdb } from "./tsdb.ts";
export { DEFAULT_BLOCK_RANGE_MS, Head } from "./head.ts";
export { ChunkEncoder, decodeChunk, MAX_CHUNK_SAMPLES } from "./xor-chunk.ts";
export type { TsdbClock, TsdbOptions } from "./tsdb-store.ts";
export { Tsdb } from "./tsdb-store.ts";
export { TsdbCorruptionError, TsdbDirectoryError, TsdbFormatVersionError } from "./errors.ts";
export { parseByteSize, parseDuration, RetentionSpecError } from "./retention-spec.ts";
export { tsdbMetricsText } from "./metrics-text.ts";
