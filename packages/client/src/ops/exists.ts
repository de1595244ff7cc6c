// zookeeper.jute: class ExistsRequest { ustring path; boolean watch; }  class ExistsResponse { Stat stat; }
// A missing node is NONODE on the wire; the client turns it into null (and the server registered an exist watch).
import { bool, record, ustring } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { StatRecord } from "../records/stat.ts";
import { defineOp } from "./operation.ts";

export const ExistsRequest = record("ExistsRequest", { path: ustring, watch: bool });
// Hot path: a straight-line reader (the generic one walks the field list with keyed stores).
export const ExistsResponse = record("ExistsResponse", { stat: StatRecord }, (r) => ({ stat: StatRecord.read(r) }));
export const exists = defineOp("exists", OP_CODES.exists, ExistsRequest, ExistsResponse);
