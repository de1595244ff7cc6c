// zookeeper.jute: class RemoveWatchesRequest { ustring path; int type; }  class CheckWatchesRequest { ustring path; int type; }
// Neither has a response body; NOWATCHER (-121) when the server holds no such watch.
import { empty, int, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

const WatchesRequest = record("RemoveWatchesRequest", { path: ustring, type: int });
export const removeWatches = defineOp("removeWatches", OP_CODES.removeWatches, WatchesRequest, empty);
export const checkWatches = defineOp("checkWatches", OP_CODES.checkWatches, WatchesRequest, empty);
