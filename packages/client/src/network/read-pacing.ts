/**
 * How long a connection stops reading after a read while the pipeline is deep. Each wake-up costs far
 * more than decoding the replies it reads (at a few thousand replies a second, the process pays
 * mostly for waking up), so with hundreds of requests in flight, which keep the server busy, reading
 * waits until about BATCH_FRAMES replies have gathered, as the measured reply rate predicts.
 */

/** A read with at least this many replies is batch enough: no pause after it. */
export const BATCH_FRAMES = 32;
/** The longest pause: with hundreds of requests in flight, a few ms add little to their latency. */
export const MAX_PAUSE_MS = 4;
/** Replies per ms are measured over windows of at least this long. */
const RATE_WINDOW_MS = 20;

export class ReadPacer {
  #frames = 0;
  #since: number | undefined;
  #framesPerMs = 0;

  /** Records a read of `frames` replies at `now` (ms); returns the pause before the next read (0: none). */
  afterRead(now: number, frames: number, deep: boolean): number {
    if (this.#since === undefined) this.#since = now;
    this.#frames += frames;
    if (now - this.#since >= RATE_WINDOW_MS) {
      this.#framesPerMs = this.#frames / (now - this.#since);
      this.#frames = 0;
      this.#since = now;
    }
    if (!deep || frames >= BATCH_FRAMES) return 0;
    // Rate not measured yet: the shortest pause.
    if (this.#framesPerMs === 0) return 1;
    return Math.min(MAX_PAUSE_MS, Math.max(1, Math.round(BATCH_FRAMES / this.#framesPerMs)));
  }
}
