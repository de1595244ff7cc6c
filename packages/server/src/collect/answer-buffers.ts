// Reusable buffers for four-letter answers parsed from their bytes (mntr). An answer is copied
// out of the shared read buffer into one of these as it arrives, parsed once complete, and the
// buffer goes back here: no memory is allocated per answer, where a Buffer per answer (16 kB,
// outside the V8 heap) made the collector's garbage collection costlier than the string it replaced.

/** Holds a 3.x mntr answer (~16 kB) with room to spare; larger answers get a buffer of their own. */
const ANSWER_BYTES = 32 * 1024;
/** Free buffers kept: enough for the answers in flight at once, bounded whatever happens. */
const KEEP = 64;
const free: Buffer[] = [];

/** A buffer of at least `bytes` bytes, for one answer. */
export function takeAnswerBuffer(bytes: number): Buffer {
  if (bytes <= ANSWER_BYTES) return free.pop() ?? Buffer.allocUnsafeSlow(ANSWER_BYTES);
  return Buffer.allocUnsafeSlow(bytes);
}

/** Gives a buffer back once nothing reads it any more. */
export function returnAnswerBuffer(b: Buffer): void {
  if (b.length === ANSWER_BYTES && free.length < KEEP) free.push(b);
}

/** `b` (holding `used` bytes) with room for `more`: `b` itself, or a larger copy (then `b` is given back). */
export function growAnswerBuffer(b: Buffer, used: number, more: number): Buffer {
  if (used + more <= b.length) return b;
  const bigger = takeAnswerBuffer(Math.max(b.length * 2, used + more));
  b.copy(bigger, 0, 0, used);
  returnAnswerBuffer(b);
  return bigger;
}
