// zookeeper.jute: class GetDataRequest { ustring path; boolean watch; }  class GetDataResponse { buffer data; Stat stat; }
import { bool, buffer, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const GetDataRequest = record("GetDataRequest", { path: ustring, watch: bool });
// Hot path: a straight-line reader (the generic one walks the field list with keyed stores).
export const GetDataResponse = record("GetDataResponse", { data: buffer, stat: StatRecord }, (r) => ({ data: r.buffer(), stat: StatRecord.read(r) }));
export const getData = defineOp("getData", OP_CODES.getData, GetDataRequest, GetDataResponse);
