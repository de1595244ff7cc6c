// zookeeper.jute: class SyncRequest { ustring path; }  class SyncResponse { ustring path; }
import { record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

export const sync = defineOp(
  "sync",
  OP_CODES.sync,
  record("SyncRequest", { path: ustring }),
  record("SyncResponse", { path: ustring }),
);
