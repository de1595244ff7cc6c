// zookeeper.jute: class AddWatchRequest { ustring path; int mode; }  → ErrorResponse { int err; } (3.6+)
import { int, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { ErrorResponseRecord } from "../records/headers.ts";
import { defineOp } from "./operation.ts";

export const addWatch = defineOp(
  "addWatch",
  OP_CODES.addWatch,
  record("AddWatchRequest", { path: ustring, mode: int }),
  ErrorResponseRecord,
);
