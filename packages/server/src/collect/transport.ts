import type { JsonObject } from "./admin-http.ts";
import { adminCommand } from "./admin-http.ts";
import type { HostPort } from "./endpoint.ts";
import { fourLetterBytes, fourLetterWord } from "./four-letter.ts";
import type { RequestLimits } from "./limits.ts";

/** How requests reach servers; replaceable so benchmarks and tests can simulate thousands. */
export interface Transport {
  fourLetterWord(target: HostPort, cmd: string, limits: RequestLimits): Promise<string>;
  /** The same answer as its bytes, for those parsed from bytes (mntr); without it, fourLetterWord. */
  fourLetterBytes?(target: HostPort, cmd: string, limits: RequestLimits): Promise<Buffer>;
  adminCommand(target: HostPort, command: string, limits: RequestLimits): Promise<JsonObject>;
}

export const NET_TRANSPORT: Transport = { fourLetterWord, fourLetterBytes, adminCommand };
