// Every jute record codec of the client, by name, and fast-check arbitraries derived from them.
import fc from "fast-check";
import { type Codec, empty, type RecordCodec } from "../../src/jute/schema.ts";
import { addWatch } from "../../src/ops/add-watch.ts";
import { CheckVersionRequest } from "../../src/ops/check.ts";
import { Create2Response, CreateRequest, CreateResponse, CreateTTLRequest } from "../../src/ops/create.ts";
import { DeleteRequest } from "../../src/ops/delete.ts";
import { ExistsRequest, ExistsResponse } from "../../src/ops/exists.ts";
import { GetACLRequest, GetACLResponse } from "../../src/ops/get-acl.ts";
import { getAllChildrenNumber } from "../../src/ops/get-all-children-number.ts";
import { GetChildren2Response, GetChildrenRequest, GetChildrenResponse } from "../../src/ops/get-children.ts";
import { GetDataRequest, GetDataResponse } from "../../src/ops/get-data.ts";
import { getEphemerals } from "../../src/ops/get-ephemerals.ts";
import { ReconfigRequest } from "../../src/ops/reconfig.ts";
import { removeWatches } from "../../src/ops/remove-watches.ts";
import { SetACLRequest, SetACLResponse } from "../../src/ops/set-acl.ts";
import { SetDataRequest, SetDataResponse } from "../../src/ops/set-data.ts";
import { sync } from "../../src/ops/sync.ts";
import { ClientInfoRecord, whoAmI } from "../../src/ops/who-am-i.ts";
import { AclRecord, IdRecord } from "../../src/records/acl.ts";
import { ConnectRequestRecord } from "../../src/records/connect.ts";
import {
  AuthPacketRecord,
  ErrorResponseRecord,
  MultiHeaderRecord,
  ReplyHeaderRecord,
  RequestHeaderRecord,
  WatcherEventRecord,
} from "../../src/records/headers.ts";
import { SetWatches2Record, SetWatchesRecord } from "../../src/records/set-watches.ts";
import { StatRecord } from "../../src/records/stat.ts";

type AnyRecord = RecordCodec<Record<string, Codec<unknown>>>;
const asRecord = (c: unknown) => c as AnyRecord;

/** Request and response records of every operation and every header/record the protocol uses. */
export const RECORDS: AnyRecord[] = [
  StatRecord,
  IdRecord,
  AclRecord,
  ConnectRequestRecord,
  RequestHeaderRecord,
  ReplyHeaderRecord,
  MultiHeaderRecord,
  WatcherEventRecord,
  AuthPacketRecord,
  ErrorResponseRecord,
  SetWatchesRecord,
  SetWatches2Record,
  CheckVersionRequest,
  CreateRequest,
  CreateTTLRequest,
  CreateResponse,
  Create2Response,
  DeleteRequest,
  ExistsRequest,
  ExistsResponse,
  GetACLRequest,
  GetACLResponse,
  GetChildrenRequest,
  GetChildrenResponse,
  GetChildren2Response,
  GetDataRequest,
  GetDataResponse,
  SetACLRequest,
  SetACLResponse,
  SetDataRequest,
  SetDataResponse,
  ReconfigRequest,
  ClientInfoRecord,
  asRecord(addWatch.request),
  asRecord(getAllChildrenNumber.request),
  asRecord(getAllChildrenNumber.response),
  asRecord(getEphemerals.request),
  asRecord(getEphemerals.response),
  asRecord(removeWatches.request),
  asRecord(sync.request),
  asRecord(sync.response),
  asRecord(whoAmI.response),
].map(asRecord);

const byName = new Map<string, AnyRecord>([...RECORDS, asRecord(empty), asRecord(MultiHeaderRecord)].map((r) => [r.name, r]));

/** Strings that survive UTF-8 (lone surrogates become U+FFFD, as they would on the wire). */
export const wireString = fc.string({ unit: "binary", maxLength: 24 }).map((s) => Buffer.from(s, "utf8").toString("utf8"));

export function arbitraryFor(kind: string): fc.Arbitrary<unknown> {
  switch (kind) {
    case "int":
      return fc.integer();
    case "long":
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case "boolean":
      return fc.boolean();
    case "buffer":
      return fc.uint8Array({ maxLength: 48 }).map((a) => Buffer.from(a));
    case "ustring":
      return wireString;
    case "ustring?":
      return fc.option(wireString, { nil: null });
  }
  const vec = /^vector<(.+)>$/.exec(kind);
  if (vec) return fc.array(arbitraryFor(vec[1]!), { maxLength: 5 });
  const rec = byName.get(kind);
  if (!rec) throw new Error(`no arbitrary for jute kind ${kind}`);
  return fc.record(Object.fromEntries(Object.entries(rec.fields).map(([k, c]) => [k, arbitraryFor(c.kind)])), { noNullPrototype: true });
}
