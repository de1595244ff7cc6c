/**
 * The public client: one method per ZooKeeper operation, promise-based, with
 * paths validated and chroot applied before anything is sent. Sessions,
 * reconnects and watches live in Session; this file only maps arguments and
 * results.
 */
import { EventEmitter } from "node:events";
import { OPEN_ACL_UNSAFE } from "./acl.ts";
import { checkAcl, checkMode, checkTtl, checkVersion, type Data, isSequentialMode, toBuffer } from "./arguments.ts";
import { AbortedError, ConnectTimeoutError, InvalidArgumentError, OperationTimeoutError, ZooKeeperError } from "./errors.ts";
import type { Codec } from "./jute/schema.ts";
import { addWatch } from "./ops/add-watch.ts";
import { create, create2, createContainer, createTTL } from "./ops/create.ts";
import { deleteOp } from "./ops/delete.ts";
import { exists } from "./ops/exists.ts";
import { getACL } from "./ops/get-acl.ts";
import { getAllChildrenNumber } from "./ops/get-all-children-number.ts";
import { getChildren, getChildren2 } from "./ops/get-children.ts";
import { getData } from "./ops/get-data.ts";
import { getEphemerals } from "./ops/get-ephemerals.ts";
import type { Operation } from "./ops/operation.ts";
import { reconfig } from "./ops/reconfig.ts";
import { checkWatches, removeWatches } from "./ops/remove-watches.ts";
import { setACL } from "./ops/set-acl.ts";
import { setData } from "./ops/set-data.ts";
import { sync } from "./ops/sync.ts";
import { whoAmI } from "./ops/who-am-i.ts";
import { toClientPath, toServerPath, validatePath } from "./paths.ts";
import { ADD_WATCH_MODES, type AddWatchMode, type CreateMode, CREATE_MODES, WATCHER_TYPES, type WatcherType } from "./protocol/constants.ts";
import { ZK_CODES } from "./protocol/error-codes.ts";
import type { ACL } from "./records/acl.ts";
import type { Stat } from "./records/stat.ts";
import type { PendingRequest } from "./session/request.ts";
import { Session, type SessionOptions, type StateChange } from "./session/session.ts";
import type { WatchKind, WatchListener } from "./session/watch-registry.ts";
import { runMulti, runMultiRead, type MultiOp, type MultiReadOp, type MultiReadResult, type MultiResult } from "./multi.ts";

export interface ClientOptions extends Omit<SessionOptions, "connectString"> {
  /** Default per-operation timeout (ms); none by default (a lost connection fails requests anyway). */
  requestTimeoutMs?: number;
}

export interface OpOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WatchOptions extends OpOptions {
  watch?: WatchListener;
}

export interface CreateOptions extends OpOptions {
  mode?: CreateMode;
  acl?: readonly ACL[];
  /** Time to live (ms) for the TTL modes. */
  ttl?: number | bigint;
}

type ClientEvents = { state: [StateChange] } & { [K in StateChange["event"]]: [StateChange] };

export class ZooKeeperClient extends EventEmitter<ClientEvents> {
  readonly session: Session;
  readonly #requestTimeoutMs: number | undefined;
  readonly #maxBuffer: number;

  constructor(connectString: string, options: ClientOptions = {}) {
    super();
    this.session = new Session({ ...options, connectString });
    this.#requestTimeoutMs = options.requestTimeoutMs;
    this.#maxBuffer = options.maxBufferBytes ?? 0xfffff;
    this.session.on("state", (change) => {
      this.emit("state", change);
      this.emit(change.event, change);
    });
  }

  get state() {
    return this.session.state;
  }
  get sessionId(): bigint {
    return this.session.sessionId;
  }
  get chroot(): string {
    return this.session.chroot;
  }

  /** Resolves once connected (read-write, or read-only if allowed); rejects after timeoutMs or on a terminal state. */
  waitConnected(timeoutMs = 30000): Promise<void> {
    const ready = () => this.state === "connected" || this.state === "readOnly";
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("state", onState);
        const last = this.session.lastConnectError;
        reject(
          new ConnectTimeoutError(
            `could not connect within ${timeoutMs} ms${last ? `: last error: ${last.message}` : ""}`,
          ),
        );
      }, timeoutMs);
      const onState = (c: StateChange) => {
        if (ready()) {
          clearTimeout(timer);
          this.off("state", onState);
          resolve();
        } else if (c.state === "closed" || c.state === "authFailed") {
          clearTimeout(timer);
          this.off("state", onState);
          reject(new Error(`client ${c.state} before connecting`));
        }
      };
      this.on("state", onState);
    });
  }

  async create(path: string, data?: Data, options: CreateOptions = {}): Promise<string> {
    return (await this.#create(path, data, options, false)).path;
  }

  /** create2: also returns the new node's Stat. */
  createWithStat(path: string, data?: Data, options: CreateOptions = {}): Promise<{ path: string; stat: Stat }> {
    return this.#create(path, data, options, true) as Promise<{ path: string; stat: Stat }>;
  }

  async #create(path: string, data: Data, o: CreateOptions, withStat: boolean): Promise<{ path: string; stat?: Stat }> {
    const mode = checkMode(o.mode ?? "persistent", "create", path);
    validatePath(path, "create", { sequential: isSequentialMode(mode) });
    const ttl = checkTtl(mode, o.ttl, "create", path);
    const acl = checkAcl(o.acl ?? OPEN_ACL_UNSAFE, "create", path);
    const body = { path: this.#server(path), data: toBuffer(data, "create", path, this.#maxBuffer), acl, flags: CREATE_MODES[mode], ttl };
    const op = mode === "container" ? createContainer : ttl > 0n ? createTTL : withStat ? create2 : create;
    const res = (await this.#call(op as Operation<typeof body, { path: string; stat?: Stat }>, body, path, o)) as {
      path: string;
      stat?: Stat;
    };
    return { ...res, path: toClientPath(this.chroot, res.path) };
  }

  async delete(path: string, version = -1, o: OpOptions = {}): Promise<void> {
    validatePath(path, "delete");
    await this.#call(deleteOp, { path: this.#server(path), version: checkVersion(version, "delete", path) }, path, o);
  }

  /** The node's Stat, or null when it does not exist. With `watch`, an exist watch (missing) or data watch. */
  async exists(path: string, o: WatchOptions = {}): Promise<Stat | null> {
    validatePath(path, "exists");
    const res = await this.#call(exists, { path: this.#server(path), watch: !!o.watch }, path, o, {
      nullOn: ZK_CODES.NO_NODE,
      onReply: this.#registerOn(o.watch, path, (err) => (err === 0 ? "data" : err === ZK_CODES.NO_NODE ? "exist" : null)),
    });
    return res === null ? null : res.stat;
  }

  async getData(path: string, o: WatchOptions = {}): Promise<{ data: Buffer; stat: Stat }> {
    validatePath(path, "getData");
    return this.#call(getData, { path: this.#server(path), watch: !!o.watch }, path, o, {
      onReply: this.#registerOn(o.watch, path, (err) => (err === 0 ? "data" : null)),
    });
  }

  async setData(path: string, data: Data, version = -1, o: OpOptions = {}): Promise<Stat> {
    validatePath(path, "setData");
    const body = {
      path: this.#server(path),
      data: toBuffer(data, "setData", path, this.#maxBuffer),
      version: checkVersion(version, "setData", path),
    };
    return (await this.#call(setData, body, path, o)).stat;
  }

  getACL(path: string, o: OpOptions = {}): Promise<{ acl: ACL[]; stat: Stat }> {
    validatePath(path, "getACL");
    return this.#call(getACL, { path: this.#server(path) }, path, o);
  }

  async setACL(path: string, acl: readonly ACL[], version = -1, o: OpOptions = {}): Promise<Stat> {
    validatePath(path, "setACL");
    const body = { path: this.#server(path), acl: checkAcl(acl, "setACL", path), version: checkVersion(version, "setACL", path) };
    return (await this.#call(setACL, body, path, o)).stat;
  }

  async getChildren(path: string, o: WatchOptions = {}): Promise<string[]> {
    validatePath(path, "getChildren");
    const res = await this.#call(getChildren, { path: this.#server(path), watch: !!o.watch }, path, o, {
      onReply: this.#registerOn(o.watch, path, (err) => (err === 0 ? "child" : null)),
    });
    return res.children;
  }

  /** getChildren2: the children and the parent's Stat. */
  getChildrenWithStat(path: string, o: WatchOptions = {}): Promise<{ children: string[]; stat: Stat }> {
    validatePath(path, "getChildren");
    return this.#call(getChildren2, { path: this.#server(path), watch: !!o.watch }, path, o, {
      onReply: this.#registerOn(o.watch, path, (err) => (err === 0 ? "child" : null)),
    });
  }

  /** Number of all descendants (3.6+). */
  async getAllChildrenNumber(path: string, o: OpOptions = {}): Promise<number> {
    validatePath(path, "getAllChildrenNumber");
    return (await this.#call(getAllChildrenNumber, { path: this.#server(path) }, path, o)).totalNumber;
  }

  /** This session's ephemeral nodes whose path starts with prefix (a string prefix, as the server matches). */
  async getEphemerals(prefix = "/", o: OpOptions = {}): Promise<string[]> {
    validatePath(prefix, "getEphemerals", { sequential: true });
    const res = await this.#call(getEphemerals, { prefixPath: this.#server(prefix) }, prefix, o);
    return res.ephemerals.map((p) => toClientPath(this.chroot, p));
  }

  /** Waits until the server this client is connected to has caught up with the leader for path. */
  async sync(path: string, o: OpOptions = {}): Promise<void> {
    validatePath(path, "sync");
    await this.#call(sync, { path: this.#server(path) }, path, o);
  }

  /** Adds a persistent (or persistent recursive) watch (3.6+); it stays until removed with removeWatches. */
  async addWatch(path: string, listener: WatchListener, mode: AddWatchMode = "persistent", o: OpOptions = {}): Promise<void> {
    validatePath(path, "addWatch");
    if (!(mode in ADD_WATCH_MODES)) throw new InvalidArgumentError(`unknown addWatch mode ${JSON.stringify(mode)}`, { op: "addWatch", path });
    if (typeof listener !== "function") throw new InvalidArgumentError("addWatch needs a listener function", { op: "addWatch", path });
    await this.#call(addWatch, { path: this.#server(path), mode: ADD_WATCH_MODES[mode] }, path, o, {
      onReply: this.#registerOn(listener, path, (err) => (err === 0 ? mode : null)),
    });
  }

  /**
   * Removes watches of a type on path: one listener, or all when none is given. The server-side watch
   * is removed when no local listener of that type remains (unless `local`). NoWatcherError if none matched.
   */
  async removeWatches(path: string, type: WatcherType, o: OpOptions & { listener?: WatchListener; local?: boolean } = {}): Promise<void> {
    validatePath(path, "removeWatches");
    if (!(type in WATCHER_TYPES)) throw new InvalidArgumentError(`unknown watcher type ${JSON.stringify(type)}`, { op: "removeWatches", path });
    const kinds = KINDS_OF[type];
    const removed = kinds.flatMap((kind) => this.session.watches.remove(kind, path, o.listener).map((l) => ({ kind, l })));
    if (removed.length === 0) {
      throw new ZooKeeperError(ZK_CODES.NO_WATCHER, { op: "removeWatches", path });
    }
    const remaining = kinds.some((k) => this.session.watches.has(k, path));
    if (!o.local && !remaining) {
      await this.#call(removeWatches, { path: this.#server(path), type: WATCHER_TYPES[type] }, path, o, {
        nullOn: ZK_CODES.NO_WATCHER,
      });
    }
    // As ZKWatchManager: each removed listener hears that its watch was removed, once per kind of event.
    const told = new Map<WatchListener, Set<string>>();
    for (const { kind, l } of removed) {
      const eventType = REMOVED_EVENT[kind];
      const types = told.get(l) ?? new Set<string>();
      if (types.has(eventType)) continue;
      types.add(eventType);
      told.set(l, types);
      queueMicrotask(() => l({ type: eventType, path, zxid: -1n }));
    }
  }

  /** Asks the server whether it holds a watch of that type on path for this session (NoWatcherError if not). */
  async checkWatches(path: string, type: WatcherType, o: OpOptions = {}): Promise<void> {
    validatePath(path, "checkWatches");
    await this.#call(checkWatches, { path: this.#server(path), type: WATCHER_TYPES[type] }, path, o);
  }

  /** The identities this session is authenticated as (3.7+). */
  async whoAmI(o: OpOptions = {}): Promise<{ authScheme: string; user: string }[]> {
    return (await this.#call(whoAmI, {}, undefined, o)).clientInfo;
  }

  /** The ensemble's dynamic configuration (/zookeeper/config), optionally watched. */
  async getConfig(o: WatchOptions = {}): Promise<{ config: string; data: Buffer; stat: Stat }> {
    const res = await this.#call(getData, { path: "/zookeeper/config", watch: !!o.watch }, "/zookeeper/config", o, {
      onReply: this.#registerOn(o.watch, "/zookeeper/config", (err) => (err === 0 ? "data" : null), true),
    });
    return { ...res, config: res.data.toString("utf8") };
  }

  /** Dynamic reconfiguration (needs reconfigEnabled and an authorized session). fromConfig -1 = any. */
  async reconfig(
    change: { joining?: string; leaving?: string; newMembers?: string; fromConfig?: bigint },
    o: OpOptions = {},
  ): Promise<{ config: string; stat: Stat }> {
    const body = {
      joiningServers: change.joining ?? "",
      leavingServers: change.leaving ?? "",
      newMembers: change.newMembers ?? "",
      curConfigId: change.fromConfig ?? -1n,
    };
    const res = await this.#call(reconfig, body, undefined, o);
    return { config: res.data.toString("utf8"), stat: res.stat };
  }

  /** Runs write ops atomically; throws MultiError (with every per-op result) when one fails. */
  multi(ops: readonly MultiOp[], o: OpOptions = {}): Promise<MultiResult[]> {
    return runMulti(ops, { chroot: this.chroot, maxBuffer: this.#maxBuffer, call: (op, body) => this.#call(op, body, undefined, o) });
  }

  /** Runs getData / getChildren ops in one round trip; each succeeds or fails on its own (3.6+). */
  multiRead(ops: readonly MultiReadOp[], o: OpOptions = {}): Promise<MultiReadResult[]> {
    return runMultiRead(ops, { chroot: this.chroot, maxBuffer: this.#maxBuffer, call: (op, body) => this.#call(op, body, undefined, o) });
  }

  /** Authenticates this session (e.g. "digest", "user:password"); replayed after every reconnect. */
  addAuth(scheme: string, auth: Data): Promise<void> {
    if (typeof scheme !== "string" || scheme === "") throw new InvalidArgumentError("addAuth needs a scheme", { op: "addAuth" });
    return this.session.addAuth(scheme, toBuffer(auth, "addAuth", "", this.#maxBuffer));
  }

  /** Closes the session: its ephemeral nodes are deleted at once and every pending call fails. */
  close(): Promise<void> {
    return this.session.close();
  }

  #server(path: string): string {
    return toServerPath(this.chroot, path);
  }

  #registerOn(
    listener: WatchListener | undefined,
    path: string,
    kindFor: (err: number) => WatchKind | null,
    absolute = false,
  ): ((err: number) => void) | undefined {
    if (!listener) return undefined;
    if (typeof listener !== "function") throw new InvalidArgumentError("watch must be a function", { path });
    // /zookeeper/config is outside any chroot; its events arrive with the absolute path.
    const registeredPath = absolute && this.chroot ? `${this.chroot}${path}` : path;
    return (err) => {
      const kind = kindFor(err);
      if (kind) this.session.watches.add(kind, registeredPath, listener);
    };
  }

  #call<Req, Res>(
    op: Operation<Req, Res>,
    body: Req,
    path: string | undefined,
    o: OpOptions,
    extra: { nullOn?: number; onReply?: ((err: number) => void) | undefined } = {},
  ): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const req: PendingRequest = {
        xid: this.session.nextXid(),
        opCode: op.opCode,
        opName: op.name,
        path,
        request: op.request as Codec<unknown>,
        body,
        response: op.response as Codec<unknown>,
        onReply: extra.onReply,
        nullOn: extra.nullOn,
        resolve: resolve as (v: unknown) => void,
        reject,
        settled: false,
      };
      const timeoutMs = o.timeoutMs ?? this.#requestTimeoutMs;
      const signal = o.signal;
      if (signal?.aborted) {
        reject(new AbortedError({ op: op.name, path }));
        return;
      }
      if (timeoutMs !== undefined || signal) {
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.session.cancel(req, new OperationTimeoutError(timeoutMs, { op: op.name, path })), timeoutMs);
        const onAbort = () => this.session.cancel(req, new AbortedError({ op: op.name, path }));
        signal?.addEventListener("abort", onAbort, { once: true });
        req.cleanup = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        };
      }
      this.session.submit(req);
    });
  }
}

const REMOVED_EVENT = {
  data: "dataWatchRemoved",
  exist: "dataWatchRemoved",
  child: "childWatchRemoved",
  persistent: "persistentWatchRemoved",
  persistentRecursive: "persistentWatchRemoved",
} as const satisfies Record<WatchKind, string>;

const KINDS_OF: Record<WatcherType, WatchKind[]> = {
  children: ["child"],
  data: ["data", "exist"],
  any: ["data", "exist", "child", "persistent", "persistentRecursive"],
  persistent: ["persistent"],
  persistentRecursive: ["persistentRecursive"],
};

/** Creates a client and starts connecting; operations wait for the connection. */
export function createClient(connectString: string, options: ClientOptions = {}): ZooKeeperClient {
  return new ZooKeeperClient(connectString, options);
}

/** Creates a client and waits for its first connection (rejects and closes after timeoutMs). */
export async function connect(connectString: string, options: ClientOptions & { timeoutMs?: number } = {}): Promise<ZooKeeperClient> {
  const client = createClient(connectString, options);
  try {
    await client.waitConnected(options.timeoutMs ?? 30000);
  } catch (err) {
    await client.close();
    throw err;
  }
  return client;
}
