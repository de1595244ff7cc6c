import type { Codec } from "../jute/schema.ts";

/**
 * One ZooKeeper operation as data: its opcode and the request and response
 * records. Decoding (bytes → record) lives here; mapping error codes to typed
 * errors happens in the session, once, for all operations.
 */
export interface Operation<Req, Res> {
  readonly name: string;
  readonly opCode: number;
  readonly request: Codec<Req>;
  readonly response: Codec<Res>;
}

export function defineOp<Req, Res>(
  name: string,
  opCode: number,
  request: Codec<Req>,
  response: Codec<Res>,
): Operation<Req, Res> {
  return { name, opCode, request, response };
}
