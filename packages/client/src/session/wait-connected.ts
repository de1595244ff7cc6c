import type { EventEmitter } from "node:events";
import { ConnectTimeoutError } from "../errors.ts";
import type { SessionState, StateChange } from "./types.ts";

/** Resolves once the session is connected (read-write or read-only); rejects after timeoutMs or on a terminal state. */
export function waitConnected(
  session: EventEmitter<{ state: [StateChange] }> & { readonly state: SessionState },
  timeoutMs: number,
  lastError: () => Error | null,
): Promise<void> {
  const ready = () => session.state === "connected" || session.state === "readOnly";
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      session.off("state", onState);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => {
      const last = lastError();
      done(new ConnectTimeoutError(`could not connect within ${timeoutMs} ms${last ? `: last error: ${last.message}` : ""}`));
    }, timeoutMs);
    const onState = (c: StateChange) => {
      if (ready()) done();
      else if (c.state === "closed" || c.state === "authFailed") done(new ConnectTimeoutError(`client ${c.state} before connecting`));
    };
    session.on("state", onState);
  });
}
