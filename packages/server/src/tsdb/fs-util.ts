// Small synchronous file-system helpers for crash-safe writes.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";

/** Makes a directory's entries (creations, renames, deletions) durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `path` atomically: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(dir: string, path: string, data: Uint8Array): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dir);
}
