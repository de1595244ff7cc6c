// zookeeper.jute:
//   class Stat { long czxid; long mzxid; long ctime; long mtime; int version; int cversion;
//                int aversion; long ephemeralOwner; int dataLength; int numChildren; long pzxid; }
import { LongMemo } from "../jute/reader.ts";
import { type Infer, int, long, record } from "../jute/schema.ts";

const fields = {
  czxid: long,
  mzxid: long,
  ctime: long,
  mtime: long,
  version: int,
  cversion: int,
  aversion: int,
  ephemeralOwner: long,
  dataLength: int,
  numChildren: int,
  pzxid: long,
};

// One memo per long field, shared by every reply: see LongMemo.
const memo = Array.from({ length: 6 }, () => new LongMemo());

// Stat is in nearly every reply: a straight-line reader with one object shape (checked against the declaration).
export const StatRecord = record("Stat", fields, (r) => ({
  czxid: r.long(memo[0]),
  mzxid: r.long(memo[1]),
  ctime: r.long(memo[2]),
  mtime: r.long(memo[3]),
  version: r.int(),
  cversion: r.int(),
  aversion: r.int(),
  ephemeralOwner: r.long(memo[4]),
  dataLength: r.int(),
  numChildren: r.int(),
  pzxid: r.long(memo[5]),
}));

/** A znode's metadata. zxids, times (ms since epoch) and the owner session id are 64-bit, hence bigint. */
export type Stat = Infer<typeof StatRecord>;
