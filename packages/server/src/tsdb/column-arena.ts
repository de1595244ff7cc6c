// Room for the columns that a select copies (windows spanning several chunks), owned by the
// reader and reused from one query to the next: allocating a Float64Array per series window costs
// microseconds each (a zeroed backing store, and external memory that drives full collections of
// a large heap), a view into a reused buffer a fraction of that. Every element handed out is
// written before it is read.

export class ColumnArena {
  #t: Float64Array;
  #v: Float64Array;
  #at = 0;

  constructor(capacity = 1 << 16) {
    [this.#t, this.#v] = columns(capacity);
  }

  /** Samples it has room for (the current buffer). */
  get capacity(): number {
    return this.#t.length;
  }

  /** Columns for `n` samples, to be filled by the caller; valid until reset(). */
  take(n: number): { t: Float64Array; v: Float64Array } {
    if (this.#at + n > this.#t.length) {
      // Views already handed out keep the old buffer; later ones come from a larger one.
      [this.#t, this.#v] = columns(Math.max(2 * this.#t.length, n));
      this.#at = 0;
    }
    const from = this.#at;
    this.#at = from + n;
    return { t: this.#t.subarray(from, from + n), v: this.#v.subarray(from, from + n) };
  }

  /** The reader no longer reads anything taken so far: the room is used again. */
  reset(): void {
    this.#at = 0;
  }
}

function columns(n: number): [Float64Array, Float64Array] {
  const bytes = Buffer.allocUnsafeSlow(n * 16);
  return [new Float64Array(bytes.buffer, bytes.byteOffset, n), new Float64Array(bytes.buffer, bytes.byteOffset + n * 8, n)];
}
