// zookeeper.jute: class SetACLRequest { ustring path; vector<ACL> acl; int version; }  class SetACLResponse { Stat stat; }
import { int, record, ustring, vector } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { AclRecord } from "../records/acl.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const SetACLRequest = record("SetACLRequest", { path: ustring, acl: vector(AclRecord), version: int });
export const SetACLResponse = record("SetACLResponse", { stat: StatRecord });
export const setACL = defineOp("setACL", OP_CODES.setACL, SetACLRequest, SetACLResponse);
