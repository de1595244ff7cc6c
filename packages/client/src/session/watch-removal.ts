/**
 * removeWatches as ZooKeeper clients expect it: the server-side watch is
 * removed when no local listener of that type would remain, local listeners
 * are dropped only after the server agreed, and each removed listener hears a
 * "...WatchRemoved" event of its kind (as ZKWatchManager).
 */
import { InvalidArgumentError, ZooKeeperError } from "../errors.ts";
import { WATCHER_TYPES, type WatcherType } from "../protocol/constants.ts";
import { ZK_CODES } from "../protocol/error-codes.ts";
import type { WatchKind, WatchListener, WatchRegistry } from "./watch-registry.ts";

const KINDS_OF: Record<WatcherType, readonly WatchKind[]> = {
  children: ["child"],
  data: ["data", "exist"],
  any: ["data", "exist", "child", "persistent", "persistentRecursive"],
  persistent: ["persistent"],
  persistentRecursive: ["persistentRecursive"],
};

const REMOVED_EVENT = {
  data: "dataWatchRemoved",
  exist: "dataWatchRemoved",
  child: "childWatchRemoved",
  persistent: "persistentWatchRemoved",
  persistentRecursive: "persistentWatchRemoved",
} as const satisfies Record<WatchKind, string>;

export function checkWatcherType(type: unknown, op: string, path: string): asserts type is WatcherType {
  if (typeof type !== "string" || !(type in WATCHER_TYPES)) {
    throw new InvalidArgumentError(
      `unknown watcher type ${JSON.stringify(type)} (expected one of ${Object.keys(WATCHER_TYPES).join(", ")})`,
      { op, path },
    );
  }
}

export async function removeWatchesFlow(
  registry: WatchRegistry,
  path: string,
  type: WatcherType,
  o: { listener?: WatchListener | undefined; local?: boolean | undefined },
  sendRemove: (wireType: number) => Promise<void>,
): Promise<void> {
  const kinds = KINDS_OF[type];
  const matching = kinds.filter((k) => registry.has(k, path, o.listener));
  if (matching.length === 0) throw new ZooKeeperError(ZK_CODES.NO_WATCHER, { op: "removeWatches", path });
  const remains = (k: WatchKind) => o.listener !== undefined && registry.listeners(k, path).some((l) => l !== o.listener);
  if (!o.local && !kinds.some(remains)) {
    try {
      await sendRemove(WATCHER_TYPES[type]);
    } catch (err) {
      // Servers before 3.9 know only children/data/any (MARSHALLING_ERROR for the persistent types):
      // "any" is exact when this path holds no other watch of this session; otherwise keep the server's.
      const persistentType = type === "persistent" || type === "persistentRecursive";
      if (!(persistentType && err instanceof ZooKeeperError && err.zkCode === ZK_CODES.MARSHALLING_ERROR)) throw err;
      const others = KINDS_OF.any.filter((k) => !kinds.includes(k) && registry.has(k, path));
      if (others.length === 0) await sendRemove(WATCHER_TYPES.any);
    }
  }
  const told = new Map<WatchListener, Set<string>>();
  for (const kind of matching) {
    for (const listener of registry.remove(kind, path, o.listener)) {
      const eventType = REMOVED_EVENT[kind];
      const types = told.get(listener) ?? new Set<string>();
      if (types.has(eventType)) continue;
      types.add(eventType);
      told.set(listener, types);
      queueMicrotask(() => listener({ type: eventType, path, zxid: -1n }));
    }
  }
}
