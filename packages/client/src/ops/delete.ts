// zookeeper.jute: class DeleteRequest { ustring path; int version; }   (no response body)
import { empty, int, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

export const DeleteRequest = record("DeleteRequest", { path: ustring, version: int });
export const deleteOp = defineOp("delete", OP_CODES.delete, DeleteRequest, empty);
