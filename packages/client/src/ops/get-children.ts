// zookeeper.jute:
//   class GetChildrenRequest { ustring path; boolean watch; }   class GetChildrenResponse { vector<ustring> children; }
//   class GetChildren2Request { ustring path; boolean watch; }  class GetChildren2Response { vector<ustring> children; Stat stat; }
import { bool, record, ustring, vector } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const GetChildrenRequest = record("GetChildrenRequest", { path: ustring, watch: bool });
export const GetChildrenResponse = record("GetChildrenResponse", { children: vector(ustring) });
export const GetChildren2Response = record("GetChildren2Response", { children: vector(ustring), stat: StatRecord });
export const getChildren = defineOp("getChildren", OP_CODES.getChildren, GetChildrenRequest, GetChildrenResponse);
export const getChildren2 = defineOp("getChildren", OP_CODES.getChildren2, GetChildrenRequest, GetChildren2Response);
