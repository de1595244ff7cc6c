// zookeeper.jute: class GetAllChildrenNumberRequest { ustring path; }  class GetAllChildrenNumberResponse { int totalNumber; }
import { int, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

export const getAllChildrenNumber = defineOp(
  "getAllChildrenNumber",
  OP_CODES.getAllChildrenNumber,
  record("GetAllChildrenNumberRequest", { path: ustring }),
  record("GetAllChildrenNumberResponse", { totalNumber: int }),
);
