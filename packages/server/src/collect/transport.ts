import type { JsonObject } from "./admin-http.ts";
import { adminCommand } from "./admin-http.ts";
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
}

export const NET_TRANSPORT: Transport = { fourLetterWord, fourLetterParse, adminCommand };
