// zookeeper.jute:
//   class SetWatches { long relativeZxid; vector<ustring> dataWatches; vector<ustring> existWatches;
//                      vector<ustring> childWatches; }
//   class SetWatches2 { ...SetWatches; vector<ustring> persistentWatches;
//                       vector<ustring> persistentRecursiveWatches; }
import { type Infer, long, record, ustring, vector } from "../jute/schema.ts";

export const SetWatchesRecord = record("SetWatches", {
  relativeZxid: long,
  dataWatches: vector(ustring),
  existWatches: vector(ustring),
  childWatches: vector(ustring),
});

export const SetWatches2Record = record("SetWatches2", {
  relativeZxid: long,
  dataWatches: vector(ustring),
  existWatches: vector(ustring),
  childWatches: vector(ustring),
  persistentWatches: vector(ustring),
  persistentRecursiveWatches: vector(ustring),
});

export type SetWatches2 = Infer<typeof SetWatches2Record>;
