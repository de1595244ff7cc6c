// zookeeper.jute: class CheckVersionRequest { ustring path; int version; }  (only used inside multi)
import { int, record, ustring } from "../jute/schema.ts";

export const CheckVersionRequest = record("CheckVersionRequest", { path: ustring, version: int });
