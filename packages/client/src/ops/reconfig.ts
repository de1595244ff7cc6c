// zookeeper.jute: class ReconfigRequest { ustring joiningServers; ustring leavingServers; ustring newMembers; long curConfigId; }
// The reply is a GetDataResponse holding the new configuration.
import { long, optionalUstring, record } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { GetDataResponse } from "./get-data.ts";
import { defineOp } from "./operation.ts";

export const ReconfigRequest = record("ReconfigRequest", {
  joiningServers: optionalUstring,
  leavingServers: optionalUstring,
  newMembers: optionalUstring,
  curConfigId: long,
});
export const reconfig = defineOp("reconfig", OP_CODES.reconfig, ReconfigRequest, GetDataResponse);
