/**
 * A copy of `s` that does not share memory with the text it was cut from: V8 represents a slice
 * of 13 characters or more as a view of its parent, so a version string kept in a snapshot (or a
 * key kept in a shared layout) would otherwise keep the whole 16 kB mntr answer alive.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}
