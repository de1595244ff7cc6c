/**
 * The SetWatches / SetWatches2 requests that re-register a session's watches
 * on a new connection, split into batches of at most 128 KiB of path text
 * (ZOOKEEPER-706). SetWatches2 only when persistent watches exist, so servers
 * older than 3.6 keep working.
 */
import { type Codec, empty } from "../jute/schema.ts";
import { OP_CODES, XIDS } from "../protocol/op-codes.ts";
import { SetWatches2Record, SetWatchesRecord } from "../records/set-watches.ts";
import type { PendingRequest } from "./request.ts";
import type { WatchKind, WatchRegistry } from "./watch-registry.ts";

export const SET_WATCHES_MAX_BYTES = 128 * 1024;

const FIELDS: [WatchKind, keyof Batch][] = [
  ["data", "dataWatches"],
  ["exist", "existWatches"],
  ["child", "childWatches"],
  ["persistent", "persistentWatches"],
  ["persistentRecursive", "persistentRecursiveWatches"],
];

interface Batch {
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
  persistentWatches: string[];
  persistentRecursiveWatches: string[];
}

const emptyBatch = (): Batch => ({
  dataWatches: [],
  existWatches: [],
  childWatches: [],
  persistentWatches: [],
  persistentRecursiveWatches: [],
});

export function buildSetWatches(watches: WatchRegistry, relativeZxid: bigint, chroot: string): PendingRequest[] {
  const batches: Batch[] = [];
  let batch = emptyBatch();
  let bytes = 0;
  let persistent = false;
  for (const [kind, field] of FIELDS) {
    for (const clientPath of watches.paths(kind)) {
      const path = chroot ? (clientPath === "/" ? chroot : chroot + clientPath) : clientPath;
      const size = Buffer.byteLength(path) + 4;
      if (bytes > 0 && bytes + size > SET_WATCHES_MAX_BYTES) {
        batches.push(batch);
        batch = emptyBatch();
        bytes = 0;
      }
      batch[field].push(path);
      bytes += size;
      if (kind === "persistent" || kind === "persistentRecursive") persistent = true;
    }
  }
  if (bytes > 0) batches.push(batch);
  return batches.map((b) => ({
    xid: XIDS.setWatches,
    opCode: persistent ? OP_CODES.setWatches2 : OP_CODES.setWatches,
    opName: "setWatches",
    path: undefined,
    request: (persistent ? SetWatches2Record : SetWatchesRecord) as Codec<unknown>,
    body: { relativeZxid, ...b },
    response: empty as Codec<unknown>,
    resolve: () => {},
    reject: () => {},
    settled: false,
    internal: true,
  }));
}
