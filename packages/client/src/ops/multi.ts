// multi (14) and multiRead (22): a sequence of { MultiHeader{int type; boolean done=false; int err=-1}; op record }
// closed by MultiHeader{-1, true, -1}. The reply mirrors it: per op a MultiHeader and the op's response record,
// or type -1 with an ErrorResponse. A failed multi carries err 0 in the ReplyHeader and the codes per op:
// OK before the failing op, its real code, then RUNTIMEINCONSISTENCY (-2) after it.
import type { JuteReader } from "../jute/reader.ts";
import { JuteDecodeError } from "../jute/reader.ts";
import type { Codec } from "../jute/schema.ts";
import type { JuteWriter } from "../jute/writer.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import type { ACL } from "../records/acl.ts";
import { ErrorResponseRecord, MultiHeaderRecord } from "../records/headers.ts";
import type { Stat } from "../records/stat.ts";
import { CheckVersionRequest } from "./check.ts";
import { Create2Response, CreateRequest, CreateResponse, CreateTTLRequest } from "./create.ts";
import { DeleteRequest } from "./delete.ts";
import { GetChildrenRequest, GetChildrenResponse } from "./get-children.ts";
import { GetDataRequest, GetDataResponse } from "./get-data.ts";
import { defineOp } from "./operation.ts";
import { SetDataRequest, SetDataResponse } from "./set-data.ts";

/** A write op inside multi, on the wire (server paths, resolved flags). */
export type WireWriteOp =
  | { type: "create"; opCode: number; path: string; data: Buffer; acl: ACL[]; flags: number; ttl?: bigint }
  | { type: "delete"; path: string; version: number }
  | { type: "setData"; path: string; data: Buffer; version: number }
  | { type: "check"; path: string; version: number };

export type WireReadOp = { type: "getData"; path: string } | { type: "getChildren"; path: string };

export type WireOpResult =
  | { type: "create"; path: string; stat?: Stat }
  | { type: "delete" }
  | { type: "setData"; stat: Stat }
  | { type: "check" }
  | { type: "getData"; data: Buffer; stat: Stat }
  | { type: "getChildren"; children: string[] }
  | { type: "error"; err: number };

function writeHeader(w: JuteWriter, type: number, done: boolean): void {
  MultiHeaderRecord.write(w, { type, done, err: -1 });
}

const MultiWriteRequest: Codec<WireWriteOp[]> = {
  kind: "MultiRequest",
  minSize: 9,
  write(w, ops) {
    for (const op of ops) {
      switch (op.type) {
        case "create":
          writeHeader(w, op.opCode, false);
          if (op.opCode === OP_CODES.createTTL) CreateTTLRequest.write(w, { ...op, ttl: op.ttl ?? 0n });
          else CreateRequest.write(w, op);
          break;
        case "delete":
          writeHeader(w, OP_CODES.delete, false);
          DeleteRequest.write(w, op);
          break;
        case "setData":
          writeHeader(w, OP_CODES.setData, false);
          SetDataRequest.write(w, op);
          break;
        case "check":
          writeHeader(w, OP_CODES.check, false);
          CheckVersionRequest.write(w, op);
          break;
      }
    }
    writeHeader(w, -1, true);
  },
  read: () => {
    throw new Error("multi requests are never decoded by the client");
  },
};

const MultiReadRequest: Codec<WireReadOp[]> = {
  kind: "MultiReadRequest",
  minSize: 9,
  write(w, ops) {
    for (const op of ops) {
      writeHeader(w, op.type === "getData" ? OP_CODES.getData : OP_CODES.getChildren, false);
      (op.type === "getData" ? GetDataRequest : GetChildrenRequest).write(w, { path: op.path, watch: false });
    }
    writeHeader(w, -1, true);
  },
  read: () => {
    throw new Error("multiRead requests are never decoded by the client");
  },
};

function readResult(r: JuteReader, type: number): WireOpResult {
  switch (type) {
    case OP_CODES.create:
      return { type: "create", path: CreateResponse.read(r).path };
    case OP_CODES.create2:
    case OP_CODES.createContainer:
    case OP_CODES.createTTL: {
      const res = Create2Response.read(r);
      return { type: "create", path: res.path, stat: res.stat };
    }
    case OP_CODES.delete:
      return { type: "delete" };
    case OP_CODES.check:
      return { type: "check" };
    case OP_CODES.setData:
      return { type: "setData", stat: SetDataResponse.read(r).stat };
    case OP_CODES.getData: {
      const res = GetDataResponse.read(r);
      return { type: "getData", data: res.data, stat: res.stat };
    }
    case OP_CODES.getChildren:
      return { type: "getChildren", children: GetChildrenResponse.read(r).children };
    case OP_CODES.error:
      return { type: "error", err: ErrorResponseRecord.read(r).err };
    default:
      throw new JuteDecodeError(`unexpected op type ${type} in multi response`, r.offset);
  }
}

/** Bounded by the frame: a response can never hold more results than bytes. */
const MultiResponse: Codec<WireOpResult[]> = {
  kind: "MultiResponse",
  minSize: 9,
  write: () => {
    throw new Error("multi responses are never encoded by the client");
  },
  read(r) {
    const results: WireOpResult[] = [];
    for (;;) {
      const header = MultiHeaderRecord.read(r);
      if (header.done) return results;
      results.push(readResult(r, header.type));
    }
  },
};

export const multi = defineOp("multi", OP_CODES.multi, MultiWriteRequest, MultiResponse);
export const multiRead = defineOp("multiRead", OP_CODES.multiRead, MultiReadRequest, MultiResponse);
