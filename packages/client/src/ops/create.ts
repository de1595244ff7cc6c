// zookeeper.jute:
//   class CreateRequest { ustring path; buffer data; vector<ACL> acl; int flags; }
//   class CreateTTLRequest { ustring path; buffer data; vector<ACL> acl; int flags; long ttl; }
//   class CreateResponse { ustring path; }
//   class Create2Response { ustring path; Stat stat; }
// create (1) answers CreateResponse; create2 (15), createContainer (19) and createTTL (21) answer Create2Response.
import { buffer, int, long, record, ustring, vector } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { AclRecord } from "../records/acl.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const CreateRequest = record("CreateRequest", { path: ustring, data: buffer, acl: vector(AclRecord), flags: int });
export const CreateTTLRequest = record("CreateTTLRequest", {
  path: ustring,
  data: buffer,
  acl: vector(AclRecord),
  flags: int,
  ttl: long,
});
export const CreateResponse = record("CreateResponse", { path: ustring });
export const Create2Response = record("Create2Response", { path: ustring, stat: StatRecord });

export const create = defineOp("create", OP_CODES.create, CreateRequest, CreateResponse);
export const create2 = defineOp("create", OP_CODES.create2, CreateRequest, Create2Response);
export const createContainer = defineOp("create", OP_CODES.createContainer, CreateRequest, Create2Response);
export const createTTL = defineOp("create", OP_CODES.createTTL, CreateTTLRequest, Create2Response);
