// Typed store errors with stable names and the context needed to act on them.

/** A data file failed its checks (CRC, length, structure): it is never served. */
export class TsdbCorruptionError extends Error {
  override name = "TsdbCorruptionError";
  readonly file: string;
  readonly offset: number;
  constructor(file: string, offset: number, reason: string) {
    super(`corrupt data file ${file} at byte offset ${offset}: ${reason}`);
    this.file = file;
    this.offset = offset;
  }
}

/** The data directory cannot be used (already locked by a running store, not a directory…). */
export class TsdbDirectoryError extends Error {
  override name = "TsdbDirectoryError";
  readonly dir: string;
  constructor(dir: string, reason: string) {
    super(`data directory ${dir}: ${reason}`);
    this.dir = dir;
  }
}
