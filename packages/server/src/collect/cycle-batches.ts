// Where in the interval each ensemble's cycle starts. Spreading every ensemble on its own tick
// (ensemble i at i/n of the interval) made 1,000 servers 200 separate wake-ups per interval, each
// paying for a timer, a handful of writes and the replies arriving one by one; the collector
// spent about a third of its CPU on those wake-ups (docs/benchmarks.md, "Collector"). Ensembles are
// therefore packed, in configuration order, into batches of about `batchServers` servers that
// start together, and the batches are spread evenly over the interval: a thousand servers still
// do not all connect in the same millisecond, but a hundred share one wake-up.

/** Servers per batch unless configured: 1,000 servers in 10 batches, 500 ms apart at 5 s. */
export const DEFAULT_BATCH_SERVERS = 100;

/**
 * Start offset (ms into the interval) of each ensemble, given its server count. An ensemble is
 * never split; one larger than a batch is a batch of its own.
 */
export function cycleOffsets(serverCounts: readonly number[], intervalMs: number, batchServers = DEFAULT_BATCH_SERVERS): number[] {
  if (!Number.isInteger(batchServers) || batchServers < 1) throw new RangeError(`batchServers must be a positive integer, got ${batchServers}`);
  const batchOf: number[] = [];
  let batch = 0;
  let inBatch = 0;
  for (const count of serverCounts) {
    if (inBatch > 0 && inBatch + count > batchServers) {
      batch++;
      inBatch = 0;
    }
    batchOf.push(batch);
    inBatch += count;
  }
  const batches = batch + 1;
  return batchOf.map((b) => Math.floor((b * intervalMs) / batches));
}
