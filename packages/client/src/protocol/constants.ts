/** CreateMode: the flags value sent in CreateRequest. */
export const CREATE_MODES = {
  persistent: 0,
  ephemeral: 1,
  persistentSequential: 2,
  ephemeralSequential: 3,
  container: 4,
  persistentWithTTL: 5,
  persistentSequentialWithTTL: 6,
} as const;
export type CreateMode = keyof typeof CREATE_MODES;

/** ZooDefs.Perms bits. */
export const PERMS = { read: 1, write: 2, create: 4, delete: 8, admin: 16, all: 31 } as const;

/** Watcher.Event.EventType. */
export const EVENT_TYPES = {
  [-1]: "none",
  1: "created",
  2: "deleted",
  3: "dataChanged",
  4: "childrenChanged",
  5: "dataWatchRemoved",
  6: "childWatchRemoved",
  7: "persistentWatchRemoved",
} as const satisfies Record<number, string>;
export type WatchEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** Watcher.WatcherType, used by removeWatches / checkWatches. */
export const WATCHER_TYPES = { children: 1, data: 2, any: 3, persistent: 4, persistentRecursive: 5 } as const;
export type WatcherType = keyof typeof WATCHER_TYPES;

/** AddWatchMode. */
export const ADD_WATCH_MODES = { persistent: 0, persistentRecursive: 1 } as const;
export type AddWatchMode = keyof typeof ADD_WATCH_MODES;

/** Watcher.Event.KeeperState values seen in notifications. */
export const KEEPER_STATES = {
  disconnected: 0,
  syncConnected: 3,
  authFailed: 4,
  connectedReadOnly: 5,
  expired: -112,
  closed: 7,
} as const;

/** ZooKeeper's default jute.maxbuffer: the largest packet a server accepts (0xfffff). */
export const DEFAULT_MAX_BUFFER = 0xfffff;

/** Ephemeral-owner markers the server stores for container and TTL nodes. */
export const CONTAINER_EPHEMERAL_OWNER = -0x8000000000000000n;
export const MAX_TTL_MS = 0xffffffffffn;
