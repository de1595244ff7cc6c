// zookeeper.jute:
//   class Stat { long czxid; long mzxid; long ctime; long mtime; int version; int cversion;
//                int aversion; long ephemeralOwner; int dataLength; int numChildren; long pzxid; }
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

// Stat is in nearly every reply: a straight-line reader with one object shape (checked against the declaration).
export const StatRecord = record("Stat", fields, (r) => ({
  czxid: r.long(),
  mzxid: r.long(),
  ctime: r.long(),
  mtime: r.long(),
  version: r.int(),
  cversion: r.int(),
  aversion: r.int(),
  ephemeralOwner: r.long(),
  dataLength: r.int(),
  numChildren: r.int(),
  pzxid: r.long(),
}));

/** A znode's metadata. zxids, times (ms since epoch) and the owner session id are 64-bit, hence bigint. */
export type Stat = Infer<typeof StatRecord>;
