// zookeeper.jute: class ClientInfo { ustring authScheme; ustring user; }  class WhoAmIResponse { vector<ClientInfo> clientInfo; }
// The request is the header alone.
import { empty, record, ustring, vector } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

export const ClientInfoRecord = record("ClientInfo", { authScheme: ustring, user: ustring });
export const whoAmI = defineOp(
  "whoAmI",
  OP_CODES.whoAmI,
  empty,
  record("WhoAmIResponse", { clientInfo: vector(ClientInfoRecord) }),
);
