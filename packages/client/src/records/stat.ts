// zookeeper.jute:
//   class Stat { long czxid; long mzxid; long ctime; long mtime; int version; int cversion;
//                int aversion; long ephemeralOwner; int dataLength; int numChildren; long pzxid; }
import { type Infer, int, long, record } from "../jute/schema.ts";

export const StatRecord = record("Stat", {
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
});

/** A znode's metadata. zxids, times (ms since epoch) and the owner session id are 64-bit, hence bigint. */
export type Stat = Infer<typeof StatRecord>;
