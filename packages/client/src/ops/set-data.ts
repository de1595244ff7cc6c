// zookeeper.jute: class SetDataRequest { ustring path; buffer data; int version; }  class SetDataResponse { Stat stat; }
import { buffer, int, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const SetDataRequest = record("SetDataRequest", { path: ustring, data: buffer, version: int });
// Hot path: a straight-line reader (the generic one walks the field list with keyed stores).
export const SetDataResponse = record("SetDataResponse", { stat: StatRecord }, (r) => ({ stat: StatRecord.read(r) }));
export const setData = defineOp("setData", OP_CODES.setData, SetDataRequest, SetDataResponse);
