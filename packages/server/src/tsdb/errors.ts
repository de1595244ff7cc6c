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

/**
 * A block file in a format version this build does not read (an earlier zoosight's version 1,
 * or a newer one). Not damage, but the same consequence: the store does not start on it.
 */
export class TsdbFormatVersionError extends TsdbCorruptionError {
  override name = "TsdbFormatVersionError";
  /** The version found in the file ("1" for the JSON-meta format of earlier versions). */
  readonly version: number;
  constructor(file: string, version: number, supported: number) {
    super(file, 0, "");
    this.version = version;
    this.message = `block file ${file} has format version ${version}; this zoosight reads version ${supported} only (blocks of earlier versions are not converted: move the file away to start without that history)`;
  }
}
