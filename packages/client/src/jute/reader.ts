/**
 * Jute binary reader over one frame. Every read is bounds-checked: a truncated
 * or absurd frame throws JuteDecodeError instead of reading past the frame.
 */
export class JuteDecodeError extends Error {
  override name = "JuteDecodeError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * The last value one field decoded to. Replies repeat most of their longs (a node's czxid, ctime and
 * pzxid; the zxid of every read until the next write): reusing the BigInt saves an allocation each.
 * BigInts are immutable, so sharing one is safe.
 */
export class LongMemo {
  hi = 0;
  lo = 0;
  value = 0n;
}

function toBigInt(hi: number, lo: number): bigint {
  // zxids, times and counts fit in 53 bits: one BigInt made from a number, where readBigInt64BE makes
  // four (six longs in every Stat make this the costliest part of decoding a reply).
  if (hi >= -0x200000 && hi < 0x200000) return BigInt(hi * 0x100000000 + lo);
  return (BigInt(hi) << 32n) + BigInt(lo);
}

export class JuteReader {
  #buf: Buffer;
  #pos: number;
  #end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#pos = start;
    this.#end = end;
  }

  get offset(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.#end - this.#pos;
  }

  #need(n: number, what: string): void {
    if (this.#pos + n > this.#end) {
      throw new JuteDecodeError(`truncated ${what}: need ${n} bytes, ${this.#end - this.#pos} left`, this.#pos);
    }
  }

  int(): number {
    this.#need(4, "int");
    const v = this.#buf.readInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  /** A jute long. With a memo, a value equal to the memo's last one reuses its BigInt (no allocation). */
  long(memo?: LongMemo): bigint {
    this.#need(8, "long");
    const hi = this.#buf.readInt32BE(this.#pos);
    const lo = this.#buf.readUInt32BE(this.#pos + 4);
    this.#pos += 8;
    if (memo === undefined) return toBigInt(hi, lo);
    if (memo.hi !== hi || memo.lo !== lo) {
      memo.hi = hi;
      memo.lo = lo;
      memo.value = toBigInt(hi, lo);
    }
    return memo.value;
  }

  bool(): boolean {
    this.#need(1, "boolean");
    return this.#buf[this.#pos++] !== 0;
  }

  #length(what: string): number {
    const n = this.int();
    if (n < -1) throw new JuteDecodeError(`negative ${what} length ${n}`, this.#pos - 4);
    if (n > this.#end - this.#pos) {
      throw new JuteDecodeError(`${what} length ${n} exceeds the ${this.#end - this.#pos} bytes left`, this.#pos - 4);
    }
    return n;
  }

  /** A jute buffer; null (-1) decodes as an empty buffer. Copies, so frames can be released. */
  buffer(): Buffer {
    const n = this.#length("buffer");
    if (n <= 0) return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(n);
    this.#buf.copy(out, 0, this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** A jute ustring; null (-1) decodes as "". */
  ustring(): string {
    const n = this.#length("string");
    if (n <= 0) return "";
    const s = this.#buf.toString("utf8", this.#pos, this.#pos + n);
    this.#pos += n;
    return s;
  }

  /** A jute ustring, keeping null (-1) as null. */
  optionalUstring(): string | null {
    const n = this.#length("string");
    if (n < 0) return null;
    const s = this.#buf.toString("utf8", this.#pos, this.#pos + n);
    this.#pos += n;
    return s;
  }

  /** A vector's element count; null (-1) is 0. Each element takes at least `minElementSize` bytes. */
  count(minElementSize: number): number {
    const n = this.int();
    if (n < -1) throw new JuteDecodeError(`negative vector length ${n}`, this.#pos - 4);
    if (n > 0 && n * minElementSize > this.#end - this.#pos) {
      throw new JuteDecodeError(`vector of ${n} elements cannot fit in ${this.#end - this.#pos} bytes`, this.#pos - 4);
    }
    return Math.max(n, 0);
  }
}
