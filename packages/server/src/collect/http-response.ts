// Reads HTTP/1.x responses one after the other from the bytes of one connection (AdminServer
// keep-alive, pipelined requests): status line, headers, then the body by Content-Length, chunked,
// or up to the close. Incremental (bytes are appended as they arrive) and free of I/O. The bytes
// are held in a buffer from answer-buffers.ts, given back whenever no byte is held.
import { growAnswerBuffer, returnAnswerBuffer, takeAnswerBuffer } from "./answer-buffers.ts";

/** The answer is not HTTP (garbage) or exceeds the size limit (too-large). */
export class HttpReadError extends Error {
  override name = "HttpReadError";
  readonly kind: "garbage" | "too-large";
  constructor(kind: "garbage" | "too-large", message: string) {
    super(message);
    this.kind = kind;
  }
}

const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
const CRLF = Buffer.from("\r\n", "latin1");
/** Status line and headers; the AdminServer's are ~150 bytes. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 1024;

type State = "head" | "length" | "chunk-size" | "chunk-data" | "trailer" | "to-close" | "done";

export class HttpResponseReader {
  /** Largest body accepted (the request's size limit). */
  maxBytes = 0;
  status = 0;
  /** False when the server closes the connection after this response. */
  keepAlive = true;
  #buf: Buffer | null = null;
  /** Bytes held in #buf. */
  #len = 0;
  /** Parse cursor in #buf. */
  #pos = 0;
  #state: State = "head";
  #bodyStart = 0;
  /** End of the body decoded so far (chunked bodies are moved down in place over their framing). */
  #bodyEnd = 0;
  /** Bytes left of the Content-Length body or of the current chunk. */
  #remaining = 0;

  /** Bytes held for responses not yet complete (0: nothing of an answer has arrived). */
  get held(): number {
    return this.#len;
  }

  get complete(): boolean {
    return this.#state === "done";
  }

  append(src: Buffer, n: number): void {
    if (n > this.maxBytes + MAX_HEAD_BYTES - this.#len) throw new HttpReadError("too-large", `answer larger than ${this.maxBytes} bytes`);
    const buf = this.#buf === null ? takeAnswerBuffer(n) : growAnswerBuffer(this.#buf, this.#len, n);
    src.copy(buf, this.#len, 0, n);
    this.#buf = buf;
    this.#len += n;
  }

  /** Parses what is held; true once a whole response is. Throws HttpReadError. */
  parse(): boolean {
    const buf = this.#buf;
    if (buf === null) return false;
    for (;;) {
      switch (this.#state) {
        case "done":
          return true;
        case "head":
          if (!this.#head(buf)) return false;
          break;
        case "length": {
          if (this.#len - this.#bodyStart < this.#remaining) return false;
          this.#bodyEnd = this.#pos = this.#bodyStart + this.#remaining;
          this.#state = "done";
          break;
        }
        case "chunk-size": {
          const eol = this.#find(buf, CRLF, this.#pos);
          if (eol < 0) {
            if (this.#len - this.#pos > MAX_CHUNK_LINE) throw new HttpReadError("garbage", "bad chunk size line");
            return false;
          }
          const line = buf.toString("latin1", this.#pos, eol);
          const size = Number.parseInt(line, 16);
          if (!/^[0-9a-fA-F]+(;.*)?\s*$/.test(line) || !Number.isSafeInteger(size)) throw new HttpReadError("garbage", "bad chunk size line");
          if (this.#bodyEnd - this.#bodyStart + size > this.maxBytes) throw new HttpReadError("too-large", `answer larger than ${this.maxBytes} bytes`);
          this.#pos = eol + 2;
          this.#remaining = size;
          this.#state = size === 0 ? "trailer" : "chunk-data";
          break;
        }
        case "chunk-data": {
          if (this.#len - this.#pos < this.#remaining + 2) return false;
          const end = this.#pos + this.#remaining;
          if (buf[end] !== 13 || buf[end + 1] !== 10) throw new HttpReadError("garbage", "chunk not followed by CRLF");
          buf.copyWithin(this.#bodyEnd, this.#pos, end);
          this.#bodyEnd += this.#remaining;
          this.#pos = end + 2;
          this.#state = "chunk-size";
          break;
        }
        case "trailer": {
          const eol = this.#find(buf, CRLF, this.#pos);
          if (eol < 0) return false;
          const empty = eol === this.#pos;
          this.#pos = eol + 2;
          if (empty) this.#state = "done";
          break;
        }
        case "to-close":
          if (this.#len - this.#bodyStart > this.maxBytes) throw new HttpReadError("too-large", `answer larger than ${this.maxBytes} bytes`);
          return false;
      }
    }
  }

  /** The server closed its side: true when that ends a body read up to the close. */
  closed(): boolean {
    if (this.#state !== "to-close") return false;
    this.#bodyEnd = this.#pos = this.#len;
    this.#state = "done";
    return true;
  }

  /** The complete response's body; valid until next() or release(). */
  body(): Buffer {
    return this.#buf === null ? Buffer.alloc(0) : this.#buf.subarray(this.#bodyStart, this.#bodyEnd);
  }

  /** The complete response's body as text. */
  text(): string {
    return this.#buf === null ? "" : this.#buf.toString("utf8", this.#bodyStart, this.#bodyEnd);
  }

  /** Drops the complete response and keeps the bytes after it (the next pipelined answer). */
  next(): void {
    const buf = this.#buf;
    if (buf !== null && this.#pos < this.#len) {
      buf.copyWithin(0, this.#pos, this.#len);
      this.#len -= this.#pos;
    } else this.#len = 0;
    this.#pos = this.#bodyStart = this.#bodyEnd = 0;
    this.status = 0;
    this.keepAlive = true;
    this.#state = "head";
    if (this.#len === 0) this.release();
  }

  /** Forgets everything held (the connection is gone) and gives the buffer back. */
  release(): void {
    if (this.#buf !== null) returnAnswerBuffer(this.#buf);
    this.#buf = null;
    this.#len = this.#pos = this.#bodyStart = this.#bodyEnd = 0;
    this.#state = "head";
  }

  /** `needle` in the held bytes from `from` on, or -1 (bytes past #len are stale). */
  #find(buf: Buffer, needle: Buffer, from: number): number {
    const i = buf.indexOf(needle, from);
    return i >= 0 && i + needle.length <= this.#len ? i : -1;
  }

  #head(buf: Buffer): boolean {
    const prefix = Math.min(this.#len - this.#pos, 5);
    if (buf.toString("latin1", this.#pos, this.#pos + prefix) !== "HTTP/".slice(0, prefix)) {
      throw new HttpReadError("garbage", "not an HTTP answer");
    }
    const end = this.#find(buf, HEAD_END, this.#pos);
    if (end < 0) {
      if (this.#len - this.#pos > MAX_HEAD_BYTES) throw new HttpReadError("garbage", "HTTP header block too large");
      return false;
    }
    const lines = buf.toString("latin1", this.#pos, end).split("\r\n");
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]!);
    if (!m) throw new HttpReadError("garbage", "not an HTTP answer (status line)");
    const status = Number(m[2]);
    let length: number | undefined;
    let chunked = false;
    let connection = "";
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new HttpReadError("garbage", "bad HTTP header line");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") {
        if (!/^\d{1,15}$/.test(value) || (length !== undefined && length !== Number(value))) throw new HttpReadError("garbage", "bad Content-Length");
        length = Number(value);
      } else if (name === "transfer-encoding") chunked = value.toLowerCase().split(",").at(-1)!.trim() === "chunked";
      else if (name === "connection") connection = value.toLowerCase();
    }
    this.#pos = this.#bodyStart = this.#bodyEnd = end + 4;
    if (status >= 100 && status < 200) return true; // interim answer: the real one follows
    this.status = status;
    this.keepAlive = m[1] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
    if (status === 204 || status === 304) this.#state = "done";
    else if (chunked) this.#state = "chunk-size";
    else if (length !== undefined) {
      if (length > this.maxBytes) throw new HttpReadError("too-large", `answer larger than ${this.maxBytes} bytes (Content-Length ${length})`);
      this.#remaining = length;
      this.#state = "length";
    } else {
      this.keepAlive = false;
      this.#state = "to-close";
    }
    return true;
  }
}
