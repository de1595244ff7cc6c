// zookeeper.jute: class GetACLRequest { ustring path; }  class GetACLResponse { vector<ACL> acl; Stat stat; }
import { record, ustring, vector } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { AclRecord } from "../records/acl.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const GetACLRequest = record("GetACLRequest", { path: ustring });
export const GetACLResponse = record("GetACLResponse", { acl: vector(AclRecord), stat: StatRecord });
export const getACL = defineOp("getACL", OP_CODES.getACL, GetACLRequest, GetACLResponse);
