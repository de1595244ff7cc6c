// zookeeper.jute: class GetEphemeralsRequest { ustring prefixPath; }  class GetEphemeralsResponse { vector<ustring> ephemerals; }
// The server matches by string prefix, not by path segment.
import { record, ustring, vector } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

export const getEphemerals = defineOp(
  "getEphemerals",
  OP_CODES.getEphemerals,
  record("GetEphemeralsRequest", { prefixPath: ustring }),
  record("GetEphemeralsResponse", { ephemerals: vector(ustring) }),
);
