/**
 * How long a connection stops reading after a read while many requests are in flight. Each wake-up
 * costs far more than decoding the replies it reads (at a few thousand replies a second, the process
 * pays mostly for waking up), so reading waits until a batch of replies has gathered, as the measured
 * reply rate predicts.
 *
 * The batch is bounded by the pipeline's own queueing delay. With N requests in flight answered at R
 * replies per ms, a request already waits about N / R ms (Little's law). A pause lets at most
 * N * QUEUE_FRACTION replies gather, so it lasts at most QUEUE_FRACTION of that wait (a reply waits
 * half the pause on average). And since new requests follow the replies read, the server still holds
 * at least (1 - QUEUE_FRACTION) * N requests when a pause ends: it never runs dry, and a leader still
 * batches its commits, so the rate holds; with the rate unchanged, callers that keep N requests going
 * see no longer latency at all (N / R again). A fixed cap from a fixed depth cannot do this: 4 ms from
 * 256 in flight was too short for writes at 1000 (~210 ms of queueing, ~19 replies per wake-up) and left
 * 100 in flight unpaced.
 */

/**
 * A read with at least this many replies is batch enough: no pause after it. 64 rather than 32 cut the
 * wake-ups of setData at 1000 in flight by ~40% (a 13 ms pause at ~4.7k replies/s, 6% of the queueing).
 */
export const BATCH_FRAMES = 64;
/**
 * A pause lets at most this share of the requests in flight be answered (see above). 1/4 rather than
 * 1/8: pauses are whole ms, and at 100 reads in flight (~12 replies per ms) 1/8 rounds down to none.
 */
export const QUEUE_FRACTION = 1 / 4;
/** Waiting for fewer replies than this saves too little: shallower pipelines are not paced. */
export const MIN_BATCH = 8;
/** Safety cap whatever the rate: replies also carry pings and watch events. */
export const MAX_PAUSE_MS = 20;
/** Replies per ms are measured over windows of at least this long. */
const RATE_WINDOW_MS = 20;
/** A longer window is an idle spell: the rate is unknown again. */
const STALE_WINDOW_MS = 100;

export class ReadPacer {
  #frames = 0;
  #since: number | undefined;
  #framesPerMs = 0;

  /**
   * Records a read of `frames` replies at `now` (ms), with `inflight` requests still unanswered;
   * returns the pause before the next read (0: none).
   */
  afterRead(now: number, frames: number, inflight: number): number {
    if (this.#since === undefined) this.#since = now;
    this.#frames += frames;
    const elapsed = now - this.#since;
    if (elapsed >= RATE_WINDOW_MS) {
      // A window far longer than that spans an idle spell (paced reads are at most MAX_PAUSE_MS apart):
      // its rate would call for the longest pause just as a burst of requests starts.
      this.#framesPerMs = elapsed <= STALE_WINDOW_MS ? this.#frames / elapsed : 0;
      this.#frames = 0;
      this.#since = now;
    }
    // The depth before this read's replies were taken off: their callers refill it right away, and
    // measured after, a read of a whole batch would look like one from a shallower pipeline.
    const batch = Math.min(BATCH_FRAMES, (inflight + frames) * QUEUE_FRACTION);
    if (batch < MIN_BATCH || frames >= batch || this.#framesPerMs === 0) return 0;
    // Rounded down: a timer cannot wait less than 1 ms, and a longer pause would exceed the bound.
    return Math.min(MAX_PAUSE_MS, Math.floor(batch / this.#framesPerMs));
  }
}
