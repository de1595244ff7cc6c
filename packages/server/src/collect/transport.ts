import { AdminClient } from "./admin-client.ts";
import type { JsonObject } from "./admin-http.ts";
import type { HostPort } from "./endpoint.ts";
import { fourLetterParse, fourLetterWord } from "./four-letter.ts";
import type { RequestLimits } from "./limits.ts";

/** How requests reach servers; replaceable so benchmarks and tests can simulate thousands. */
export interface Transport {
  fourLetterWord(target: HostPort, cmd: string, limits: RequestLimits): Promise<string>;
  /**
   * The same answer parsed from its bytes (mntr), which `parse` may read during the call only;
   * optional: without it the answer is read as text.
   */
  fourLetterParse?<T>(target: HostPort, cmd: string, limits: RequestLimits, parse: (answer: Buffer) => T): Promise<T>;
  adminCommand(target: HostPort, command: string, limits: RequestLimits): Promise<JsonObject>;
  /**
   * The same answer read by `fast` from the bytes of a 200 answer (during the call only) or, when
   * it gives undefined, by `slow` from the JSON; optional: without it, adminCommand + `slow`.
   */
  adminParse?<T>(target: HostPort, command: string, limits: RequestLimits, fast: (body: Buffer) => T | undefined, slow: (json: JsonObject) => T): Promise<T>;
  /** Releases what the transport keeps between requests (keep-alive connections). */
  close?(): void;
}

/** TCP four-letter words and keep-alive AdminServer connections of its own (closed by close()). */
export function createNetTransport(options: { adminIdleMs?: number } = {}): Transport & { admin: AdminClient } {
  const admin = new AdminClient({ idleMs: options.adminIdleMs });
  return {
    admin,
    fourLetterWord,
    fourLetterParse,
    adminCommand: (target, command, limits) => admin.request(target, command, limits),
    adminParse: (target, command, limits, fast, slow) => admin.request(target, command, limits, fast, slow),
    close: () => admin.close(),
  };
}
