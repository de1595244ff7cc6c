// zookeeper.jute:
//   class ConnectRequest { int protocolVersion; long lastZxidSeen; int timeOut; long sessionId;
//                          buffer passwd; boolean readOnly; }
//   class ConnectResponse { int protocolVersion; int timeOut; long sessionId; buffer passwd; boolean readOnly; }
// The trailing readOnly byte is absent for pre-3.4 peers; the response decoder tolerates that.
import type { JuteReader } from "../jute/reader.ts";
import { bool, buffer, type Infer, int, long, record } from "../jute/schema.ts";

export const ConnectRequestRecord = record("ConnectRequest", {
  protocolVersion: int,
  lastZxidSeen: long,
  timeOut: int,
  sessionId: long,
  passwd: buffer,
  readOnly: bool,
});
export type ConnectRequest = Infer<typeof ConnectRequestRecord>;

export interface ConnectResponse {
  protocolVersion: number;
  timeOut: number;
  sessionId: bigint;
  passwd: Buffer;
  readOnly: boolean;
}

export function readConnectResponse(r: JuteReader): ConnectResponse {
  const protocolVersion = r.int();
  const timeOut = r.int();
  const sessionId = r.long();
  const passwd = r.buffer();
  const readOnly = r.remaining > 0 ? r.bool() : false;
  return { protocolVersion, timeOut, sessionId, passwd, readOnly };
}
