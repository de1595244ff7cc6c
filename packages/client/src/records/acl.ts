// zookeeper.jute:
//   class Id { ustring scheme; ustring id; }
//   class ACL { int perms; Id id; }
import { type Infer, int, record, ustring } from "../jute/schema.ts";

export const IdRecord = record("Id", { scheme: ustring, id: ustring });
export const AclRecord = record("ACL", { perms: int, id: IdRecord });

export type Id = Infer<typeof IdRecord>;
export type ACL = Infer<typeof AclRecord>;
