/**
 * The public client: one method per ZooKeeper operation, promise-based, with
 * paths validated and chroot applied before anything is sent. Sessions,
 * reconnects and watches live in Session; this file only maps arguments and
 * results.
 */
import { EventEmitter } from "node:events";
import { OPEN_ACL_UNSAFE } from "./acl.ts";
import { checkAcl, checkMode, checkTtl, checkVersion, type Data, isSequentialMode, toBuffer } from "./arguments.ts";
import { AbortedError, InvalidArgumentError, OperationTimeoutError } from "./errors.ts";
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
import { ADD_WATCH_MODES, type AddWatchMode, CREATE_MODES, WATCHER_TYPES, type WatcherType } from "./protocol/constants.ts";
import { ZK_CODES } from "./protocol/error-codes.ts";
import type { ACL } from "./records/acl.ts";
import type { Stat } from "./records/stat.ts";
import { CallRequest, promiseOf, settle } from "./session/request.ts";
import { Session, type StateChange } from "./session/session.ts";
import type { WatchKind, WatchListener } from "./session/watch-registry.ts";
import type { ClientOptions, CreateOptions, OpOptions, WatchOptions } from "./client-options.ts";
import { runMulti, runMultiRead, type MultiOp, type MultiReadOp, type MultiReadResult, type MultiResult } from "./multi.ts";
import { checkWatcherType, removeWatchesFlow } from "./session/watch-removal.ts";

export type { ClientOptions, CreateOptions, OpOptions, WatchOptions } from "./client-options.ts";

const CONFIG_NODE = "/zookeeper/config";

/** One function for every call that resolves with the reply's Stat (not a new closure per call). */
const statOf = (r: { stat: Stat }): Stat => r.stat;
// Shared per-call constants: the hot calls allocate no options object or closure they do not need.
const NO_OPTIONS: WatchOptions = Object.freeze({});
const STAT_RESULT = Object.freeze({ map: statOf });
const NO_EXTRA = Object.freeze({});
const dataWatchOn = (err: number): WatchKind | null => (err === 0 ? "data" : null);
const existsWatchOn = (err: number): WatchKind | null => (err === 0 ? "data" : err === ZK_CODES.NO_NODE ? "exist" : null);
const childWatchOn = (err: number): WatchKind | null => (err === 0 ? "child" : null);

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
    return this.session.waitConnected(timeoutMs);
  }

  create(path: string, data?: Data, options: CreateOptions = {}): Promise<string> {
    return this.#guard(() => this.#create(path, data, options, false, (r) => toClientPath(this.chroot, r.path)));
  }

  /** create2: also returns the new node's Stat. */
  createWithStat(path: string, data?: Data, options: CreateOptions = {}): Promise<{ path: string; stat: Stat }> {
    return this.#guard(() =>
      this.#create(path, data, options, true, (r) => ({ path: toClientPath(this.chroot, r.path), stat: r.stat! })),
    );
  }

  #create<T>(path: string, data: Data, o: CreateOptions, withStat: boolean, map: (r: { path: string; stat?: Stat }) => T): Promise<T> {
    const mode = checkMode(o.mode ?? "persistent", "create", path);
    validatePath(path, "create", { sequential: isSequentialMode(mode) });
    const ttl = checkTtl(mode, o.ttl, "create", path);
    const acl = checkAcl(o.acl ?? OPEN_ACL_UNSAFE, "create", path);
    const body = { path: this.#server(path), data: toBuffer(data, "create", path, this.#maxBuffer), acl, flags: CREATE_MODES[mode], ttl };
    const op = mode === "container" ? createContainer : ttl > 0n ? createTTL : withStat ? create2 : create;
    return this.#call(op as Operation<typeof body, { path: string; stat?: Stat }>, body, path, o, { map });
  }

  delete(path: string, version = -1, o: OpOptions = NO_OPTIONS): Promise<void> {
    return this.#guard(() => {
      validatePath(path, "delete");
      const body = { path: this.#server(path), version: checkVersion(version, "delete", path) };
      return this.#call(deleteOp, body, path, o, { map: () => undefined });
    });
  }

  /** The node's Stat, or null when it does not exist. With `watch`, an exist watch (missing) or data watch. */
  exists(path: string, o: WatchOptions = NO_OPTIONS): Promise<Stat | null> {
    return this.#guard(() => {
      validatePath(path, "exists");
      return this.#call(exists, { path: this.#server(path), watch: !!o.watch }, path, o, {
        nullOn: ZK_CODES.NO_NODE,
        onReply: this.#registerOn(o.watch, path, existsWatchOn),
        map: statOf,
      });
    });
  }

  getData(path: string, o: WatchOptions = NO_OPTIONS): Promise<{ data: Buffer; stat: Stat }> {
    return this.#guard(() => {
      validatePath(path, "getData");
      return this.#call(getData, { path: this.#server(path), watch: !!o.watch }, path, o, {
        onReply: this.#registerOn(o.watch, path, dataWatchOn),
      });
    });
  }

  setData(path: string, data: Data, version = -1, o: OpOptions = NO_OPTIONS): Promise<Stat> {
    return this.#guard(() => {
      validatePath(path, "setData");
      const body = {
        path: this.#server(path),
        data: toBuffer(data, "setData", path, this.#maxBuffer),
        version: checkVersion(version, "setData", path),
      };
      return this.#call(setData, body, path, o, STAT_RESULT);
    });
  }

  getACL(path: string, o: OpOptions = NO_OPTIONS): Promise<{ acl: ACL[]; stat: Stat }> {
    return this.#guard(() => {
      validatePath(path, "getACL");
      return this.#call(getACL, { path: this.#server(path) }, path, o);
    });
  }

  setACL(path: string, acl: readonly ACL[], version = -1, o: OpOptions = NO_OPTIONS): Promise<Stat> {
    return this.#guard(() => {
      validatePath(path, "setACL");
      const body = { path: this.#server(path), acl: checkAcl(acl, "setACL", path), version: checkVersion(version, "setACL", path) };
      return this.#call(setACL, body, path, o, STAT_RESULT);
    });
  }

  getChildren(path: string, o: WatchOptions = NO_OPTIONS): Promise<string[]> {
    return this.#guard(() => {
      validatePath(path, "getChildren");
      return this.#call(getChildren, { path: this.#server(path), watch: !!o.watch }, path, o, {
        onReply: this.#registerOn(o.watch, path, childWatchOn),
        map: (r) => r.children,
      });
    });
  }

  /** getChildren2: the children and the parent's Stat. */
  getChildrenWithStat(path: string, o: WatchOptions = NO_OPTIONS): Promise<{ children: string[]; stat: Stat }> {
    return this.#guard(() => {
      validatePath(path, "getChildren");
      return this.#call(getChildren2, { path: this.#server(path), watch: !!o.watch }, path, o, {
        onReply: this.#registerOn(o.watch, path, childWatchOn),
      });
    });
  }

  /** Number of all descendants (3.6+). */
  getAllChildrenNumber(path: string, o: OpOptions = NO_OPTIONS): Promise<number> {
    return this.#guard(() => {
      validatePath(path, "getAllChildrenNumber");
      return this.#call(getAllChildrenNumber, { path: this.#server(path) }, path, o, { map: (r) => r.totalNumber });
    });
  }

  /** This session's ephemeral nodes whose path starts with prefix (a string prefix, as the server matches). */
  getEphemerals(prefix = "/", o: OpOptions = NO_OPTIONS): Promise<string[]> {
    return this.#guard(() => {
      validatePath(prefix, "getEphemerals", { sequential: true });
      return this.#call(getEphemerals, { prefixPath: this.#server(prefix) }, prefix, o, {
        map: (r) => r.ephemerals.map((p) => toClientPath(this.chroot, p)),
      });
    });
  }

  /** Waits until the server this client is connected to has caught up with the leader for path. */
  sync(path: string, o: OpOptions = NO_OPTIONS): Promise<void> {
    return this.#guard(() => {
      validatePath(path, "sync");
      return this.#call(sync, { path: this.#server(path) }, path, o, { map: () => undefined });
    });
  }

  /** Adds a persistent (or persistent recursive) watch (3.6+); it stays until removed with removeWatches. */
  addWatch(path: string, listener: WatchListener, mode: AddWatchMode = "persistent", o: OpOptions = NO_OPTIONS): Promise<void> {
    return this.#guard(() => {
      validatePath(path, "addWatch");
      if (!(mode in ADD_WATCH_MODES)) throw new InvalidArgumentError(`unknown addWatch mode ${JSON.stringify(mode)}`, { op: "addWatch", path });
      if (typeof listener !== "function") throw new InvalidArgumentError("addWatch needs a listener function", { op: "addWatch", path });
      return this.#call(addWatch, { path: this.#server(path), mode: ADD_WATCH_MODES[mode] }, path, o, {
        onReply: this.#registerOn(listener, path, (err) => (err === 0 ? mode : null)),
        map: () => undefined,
      });
    });
  }

  /**
   * Removes watches of a type on path: one listener, or all when none is given. The server-side watch
   * goes when no local listener of that type remains (unless `local`); local listeners are only dropped
   * once the server agreed. NoWatcherError if no local watch matched.
   */
  removeWatches(path: string, type: WatcherType, o: OpOptions & { listener?: WatchListener; local?: boolean } = {}): Promise<void> {
    return this.#guard(() => {
      validatePath(path, "removeWatches");
      checkWatcherType(type, "removeWatches", path);
      return removeWatchesFlow(this.session.watches, path, type, o, (wireType) =>
        this.#call(removeWatches, { path: this.#server(path), type: wireType }, path, o, {
          nullOn: ZK_CODES.NO_WATCHER,
          map: () => undefined,
        }),
      );
    });
  }

  /** Asks the server whether it holds a watch of that type on path for this session (NoWatcherError if not). */
  checkWatches(path: string, type: WatcherType, o: OpOptions = NO_OPTIONS): Promise<void> {
    return this.#guard(() => {
      validatePath(path, "checkWatches");
      checkWatcherType(type, "checkWatches", path);
      return this.#call(checkWatches, { path: this.#server(path), type: WATCHER_TYPES[type] }, path, o, { map: () => undefined });
    });
  }

  /** The identities this session is authenticated as (3.7+). */
  whoAmI(o: OpOptions = NO_OPTIONS): Promise<{ authScheme: string; user: string }[]> {
    return this.#guard(() => this.#call(whoAmI, {}, undefined, o, { map: (r) => r.clientInfo }));
  }

  /** The ensemble's dynamic configuration (/zookeeper/config), optionally watched. */
  getConfig(o: WatchOptions = NO_OPTIONS): Promise<{ config: string; data: Buffer; stat: Stat }> {
    return this.#guard(() =>
      this.#call(getData, { path: CONFIG_NODE, watch: !!o.watch }, CONFIG_NODE, o, {
        onReply: this.#registerOn(o.watch, CONFIG_NODE, dataWatchOn, true),
        map: (r) => ({ ...r, config: r.data.toString("utf8") }),
      }),
    );
  }

  /**
   * Dynamic reconfiguration (needs reconfigEnabled and an authorized session): incremental
   * (`joining` / `leaving`, comma-separated) or bulk (`newMembers`). fromConfig -1n = any version.
   */
  reconfig(change: { joining?: string; leaving?: string; newMembers?: string; fromConfig?: bigint }, o: OpOptions = NO_OPTIONS): Promise<{ config: string; stat: Stat }> {
    return this.#guard(() => {
      // Absent parts go as null: an empty newMembers would mean "a configuration with no members".
      const body = {
        joiningServers: change.joining ?? null,
        leavingServers: change.leaving ?? null,
        newMembers: change.newMembers ?? null,
        curConfigId: change.fromConfig ?? -1n,
      };
      return this.#call(reconfig, body, undefined, o, { map: (r) => ({ config: r.data.toString("utf8"), stat: r.stat }) });
    });
  }

  /** Runs write ops atomically; throws MultiError (with every per-op result) when one fails. */
  multi(ops: readonly MultiOp[], o: OpOptions = NO_OPTIONS): Promise<MultiResult[]> {
    return this.#guard(() =>
      runMulti(ops, { chroot: this.chroot, maxBuffer: this.#maxBuffer, call: (op, body) => this.#call(op, body, undefined, o) }),
    );
  }

  /** Runs getData / getChildren ops in one round trip; each succeeds or fails on its own (3.6+). */
  multiRead(ops: readonly MultiReadOp[], o: OpOptions = NO_OPTIONS): Promise<MultiReadResult[]> {
    return this.#guard(() =>
      runMultiRead(ops, { chroot: this.chroot, maxBuffer: this.#maxBuffer, call: (op, body) => this.#call(op, body, undefined, o) }),
    );
  }

  /** Authenticates this session (e.g. "digest", "user:password"); replayed after every reconnect. */
  addAuth(scheme: string, auth: Data): Promise<void> {
    return this.#guard(() => {
      if (typeof scheme !== "string" || scheme === "") throw new InvalidArgumentError("addAuth needs a scheme", { op: "addAuth" });
      return this.session.addAuth(scheme, toBuffer(auth, "addAuth", "", this.#maxBuffer));
    });
  }

  /** Closes the session: its ephemeral nodes are deleted at once and every pending call fails. */
  close(): Promise<void> {
    return this.session.close();
  }

  /** Argument errors become rejections, so every method fails the same way (never a synchronous throw). */
  #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return run();
    } catch (err) {
      return Promise.reject(err);
    }
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

  /**
   * Sends one request. `map` shapes the decoded reply before the promise resolves, so the caller's
   * `await` continues one microtask after the reply is handled (keeps watch events in wire order with it).
   */
  #call<Req, Res, Out = Res>(
    op: Operation<Req, Res>,
    body: Req,
    path: string | undefined,
    o: OpOptions,
    extra: { nullOn?: number; onReply?: ((err: number) => void) | undefined; map?: (res: Res) => Out } = NO_EXTRA,
  ): Promise<Out> {
    const signal = o.signal;
    if (signal?.aborted) return Promise.reject(new AbortedError({ op: op.name, path }));
    const req = new CallRequest(
      this.session.nextXid(),
      op.opCode,
      op.name,
      path,
      op.request as Codec<unknown>,
      body,
      op.response as Codec<unknown>,
      extra.onReply,
      extra.map as ((v: unknown) => unknown) | undefined,
      extra.nullOn,
    );
    const promise = promiseOf<Out>(req);
    const timeoutMs = o.timeoutMs ?? this.#requestTimeoutMs;
    if (timeoutMs !== undefined || signal) {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.session.cancel(req, new OperationTimeoutError(timeoutMs, { op: op.name, path })), timeoutMs);
      const onAbort = () => this.session.cancel(req, new AbortedError({ op: op.name, path }));
      signal?.addEventListener("abort", onAbort, { once: true });
      req.cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
    }
    try {
      this.session.submit(req);
    } catch (err) {
      // As a throw inside a promise executor: the call's promise rejects.
      settle(req, err as Error);
    }
    return promise;
  }
}

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
