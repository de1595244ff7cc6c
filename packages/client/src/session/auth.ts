/**
 * addAuth credentials: sent once when added, replayed first thing on every
 * new connection (ClientCnxn.primeConnection), and matched with their replies
 * (xid -4, answered in order and outside the request FIFO).
 */
import { ConnectionLossError } from "../errors.ts";
import type { Connection } from "../network/connection.ts";
import { OP_CODES, XIDS } from "../protocol/op-codes.ts";
import { AuthPacketRecord, RequestHeaderRecord } from "../records/headers.ts";

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

interface Credential {
  scheme: string;
  auth: Buffer;
  /** The addAuth() caller still waiting for the first reply. */
  waiter: Waiter | undefined;
}

export class AuthReplay {
  #credentials: Credential[] = [];
  /** One entry per auth packet in flight, in send order; null for replays nobody awaits. */
  #inflight: (Waiter | null)[] = [];

  /** Remembers a credential; sends it now if a connection is given, else with the next replay. */
  add(scheme: string, auth: Buffer, conn: Connection | null): Promise<void> {
    return new Promise((resolve, reject) => {
      const cred: Credential = { scheme, auth, waiter: { resolve, reject } };
      this.#credentials.push(cred);
      if (conn) this.#send(conn, cred);
    });
  }

  replay(conn: Connection): void {
    for (const cred of this.#credentials) this.#send(conn, cred);
  }

  /** The reply to the oldest auth packet; a non-zero code rejects its waiter. */
  onReply(err: Error | null): void {
    const waiter = this.#inflight.shift();
    if (err) waiter?.reject(err);
    else waiter?.resolve();
  }

  /** The connection dropped: packets in flight are lost (credentials stay and are replayed). */
  onConnectionLost(server: string, cause: Error): void {
    for (const waiter of this.#inflight.splice(0)) {
      waiter?.reject(new ConnectionLossError({ op: "addAuth", server, cause }));
    }
  }

  /** The session ended: every waiting caller fails with err. */
  failAll(err: Error): void {
    for (const waiter of this.#inflight.splice(0)) waiter?.reject(err);
    for (const cred of this.#credentials) {
      cred.waiter?.reject(err);
      cred.waiter = undefined;
    }
  }

  #send(conn: Connection, cred: Credential): void {
    const w = conn.writer();
    const at = w.beginFrame();
    RequestHeaderRecord.write(w, { xid: XIDS.auth, type: OP_CODES.auth });
    AuthPacketRecord.write(w, { type: 0, scheme: cred.scheme, auth: cred.auth });
    w.endFrame(at);
    this.#inflight.push(cred.waiter ?? null);
    cred.waiter = undefined;
  }
}
