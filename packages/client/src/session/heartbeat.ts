/**
 * Keeps a connection alive and proves the server alive: a ping when nothing
 * was sent for half the read timeout (at most every 10 s), and the connection
 * dropped when nothing was received for the read timeout (2/3 of the
 * negotiated session timeout, as ClientCnxn). Returns the stop function.
 */
import { ConnectionLossError } from "../errors.ts";
import type { Connection } from "../network/connection.ts";
import { OP_CODES, XIDS } from "../protocol/op-codes.ts";
import { RequestHeaderRecord } from "../records/headers.ts";

export function startHeartbeat(conn: Connection, negotiatedTimeoutMs: number, now: () => number): () => void {
  const readTimeout = (negotiatedTimeoutMs * 2) / 3;
  const pingAfter = Math.min(readTimeout / 2, 10000);
  const timer = setInterval(
    () => {
      const t = now();
      if (t - conn.lastReceivedAt > readTimeout) {
        const why = new Error(`no reply from ${conn.server} within ${Math.round(readTimeout)} ms`);
        conn.close(new ConnectionLossError({ server: conn.server, cause: why }));
        return;
      }
      if (t - conn.lastSentAt >= pingAfter) {
        const w = conn.writer();
        const at = w.beginFrame();
        RequestHeaderRecord.write(w, { xid: XIDS.ping, type: OP_CODES.ping });
        w.endFrame(at);
        conn.flush();
      }
    },
    Math.max(10, Math.min(readTimeout / 4, 1000)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
