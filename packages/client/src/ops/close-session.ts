// closeSession (-11): the header alone; the server replies, deletes the session's ephemerals and closes the socket.
import { empty } from "../jute/schema.ts";
import { OP_CODES } from "../protocol/op-codes.ts";
import { defineOp } from "./operation.ts";

export const closeSession = defineOp("close", OP_CODES.closeSession, empty, empty);
