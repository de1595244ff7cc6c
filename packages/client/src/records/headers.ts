// zookeeper.jute:
//   class RequestHeader { int xid; int type; }
//   class ReplyHeader { int xid; long zxid; int err; }
//   class MultiHeader { int type; boolean done; int err; }
//   class WatcherEvent { int type; int state; ustring path; }
//   class AuthPacket { int type; ustring scheme; buffer auth; }
//   class ErrorResponse { int err; }
import { bool, buffer, type Infer, int, long, record, ustring } from "../jute/schema.ts";

export const RequestHeaderRecord = record("RequestHeader", { xid: int, type: int });
export const ReplyHeaderRecord = record("ReplyHeader", { xid: int, zxid: long, err: int });
export const MultiHeaderRecord = record("MultiHeader", { type: int, done: bool, err: int });
export const WatcherEventRecord = record("WatcherEvent", { type: int, state: int, path: ustring });
export const AuthPacketRecord = record("AuthPacket", { type: int, scheme: ustring, auth: buffer });
export const ErrorResponseRecord = record("ErrorResponse", { err: int });

export type ReplyHeader = Infer<typeof ReplyHeaderRecord>;
export type WatcherEvent = Infer<typeof WatcherEventRecord>;
