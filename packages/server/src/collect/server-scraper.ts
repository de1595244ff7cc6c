// Scrapes one server: the AdminServer's JSON commands when it answers, the four-letter words
// otherwise or in addition. Every request runs concurrently with its own deadlines, so a scrape
// takes at most about two total deadlines (the second only when the AdminServer fails and the
// four-letter words fill in).
import type { JsonObject } from "./admin-http.ts";
import type { Clock } from "./clock.ts";
import type { ServerTarget } from "./endpoint.ts";
import { CollectError, ParseError } from "./errors.ts";
import type { RequestLimits } from "./limits.ts";
import { parseConf, readConfiguration, readVotingView } from "./parse/conf.ts";
import type { MonitorData, MonitorLayout } from "./parse/monitor.ts";
import { readMonitorBytes } from "./parse/monitor-json.ts";
import { parseMntr, parseMntrBytes, readMonitor } from "./parse/monitor.ts";
import {
  parseCons,
  parseEnvi,
  parseIsro,
  parseRuok,
  parseWchs,
  readConnections,
  readEnvironment,
  readLeader,
  readWatchSummary,
  readZabState,
} from "./parse/small.ts";
import { parseSrvr, readServerStats } from "./parse/srvr.ts";
import type { ServerSnapshot, SourceOutcome } from "./snapshot.ts";
import { clientPortAnswered } from "./snapshot.ts";
import type { Transport } from "./transport.ts";

type Apply = (snap: ServerSnapshot) => void;

interface Step {
  source: string;
  run(): Promise<Apply>;
}

const FOUR_LETTER: Record<string, (text: string) => Apply> = {
  mntr: (t) => {
    const v = parseMntr(t);
    return (s) => {
      s.monitor = v;
    };
  },
  srvr: (t) => {
    const v = parseSrvr(t);
    return (s) => {
      // Only the AdminServer's server_stats may be there already: fill in, never overwrite with nothing.
      s.stats = s.stats ? { ...s.stats, ...dropUndefined(v) } : v;
    };
  },
  conf: (t) => {
    const v = parseConf(t);
    return (s) => {
      s.config = v;
      if (v.members.length > 0 && !s.members) s.members = v.members;
    };
  },
  isro: (t) => {
    const v = parseIsro(t);
    return (s) => {
      s.readMode = v;
    };
  },
  ruok: (t) => {
    const v = parseRuok(t);
    return (s) => {
      s.ruok = v;
    };
  },
  wchs: (t) => {
    const v = parseWchs(t);
    return (s) => {
      s.watches = v;
    };
  },
  cons: (t) => {
    const v = parseCons(t);
    return (s) => {
      s.connections = v;
    };
  },
  envi: (t) => {
    const v = parseEnvi(t);
    return (s) => {
      s.environment = v;
    };
  },
};

// monitor: see #adminStep.
const ADMIN: Record<string, (j: JsonObject) => Apply> = {
  server_stats: (j) => {
    const v = readServerStats(j);
    return (s) => {
      s.stats = v;
    };
  },
  voting_view: (j) => {
    const v = readVotingView(j);
    return (s) => {
      s.members = v;
    };
  },
  zabstate: (j) => {
    const v = readZabState(j);
    return (s) => {
      s.zab = v;
    };
  },
  leader: (j) => {
    const v = readLeader(j);
    return (s) => {
      s.leader = v;
    };
  },
  watch_summary: (j) => {
    const v = readWatchSummary(j);
    return (s) => {
      s.watches = v;
    };
  },
  configuration: (j) => {
    const v = readConfiguration(j);
    return (s) => {
      s.config ??= v;
    };
  },
  connections: (j) => {
    const v = readConnections(j);
    return (s) => {
      s.connections = v;
    };
  },
  environment: (j) => {
    const v = readEnvironment(j);
    return (s) => {
      s.environment = v;
    };
  },
};

function dropUndefined<T extends object>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

export interface ScraperDeps {
  clock: Clock;
  limits: RequestLimits;
  transport: Transport;
}

const ADMIN_CYCLE = ["monitor", "server_stats"];
const ADMIN_DETAIL = ["voting_view", "zabstate", "leader", "watch_summary", "configuration", "connections", "environment"];
const FOUR_CYCLE = ["mntr", "srvr"];
// With the AdminServer, monitor + server_stats give everything mntr + srvr give (server_stats has
// the last processed zxid) over one keep-alive connection; `srvr` is then only the check that the
// client port answers too (zookeeper_up, "down" vs "AdminServer off"), asked in detail cycles,
// after any scrape that was not clean and whenever the AdminServer fails (see #scrape).
const CLIENT_CHECK = ["srvr"];
// Every four-letter word is a TCP connection of its own, the collector's main cost at scale, so
// the detail cycle asks only what mntr does not give: no `ruok` (any answer says as much), `wchs`
// only while mntr has no watch count, and `isro` only while mntr has no server state (a
// read-only server's mntr says "read-only" itself) (see #scrape).
const FOUR_DETAIL_WITH_ADMIN = ["isro"];
const FOUR_DETAIL = ["conf", "isro", "wchs", "cons", "envi"];
/** What one scrape asks, by [uses the AdminServer][cycle kind]; built once, not per scrape. */
const PLAN = {
  admin: {
    cycle: { admin: ADMIN_CYCLE, four: [] },
    check: { admin: ADMIN_CYCLE, four: CLIENT_CHECK },
    detail: { admin: [...ADMIN_CYCLE, ...ADMIN_DETAIL], four: [...CLIENT_CHECK, ...FOUR_DETAIL_WITH_ADMIN] },
  },
  four: { cycle: { admin: [], four: FOUR_CYCLE }, check: { admin: [], four: FOUR_CYCLE }, detail: { admin: [], four: [...FOUR_CYCLE, ...FOUR_DETAIL] } },
} as const;

/** Keeps what it learned about one server between scrapes (whether its AdminServer answers). */
export class ServerScraper {
  readonly target: ServerTarget;
  readonly ensemble: string;
  #deps: ScraperDeps;
  /** undefined: not tried yet. */
  #adminWorks: boolean | undefined;
  /** The key layout of this server's last mntr, so the next one is parsed without cutting keys. */
  #mntrLayout: MonitorLayout | undefined;
  /** The same for its last AdminServer monitor answer (read from its bytes along it). */
  #monitorLayout: MonitorLayout | undefined;
  /** Whether the last scrape's mntr / monitor gave the server state (then `isro` adds nothing). */
  #stateFromMonitor = false;
  /** Whether the client port answered when last asked (undefined: never asked). */
  #clientPortAnswered: boolean | undefined;
  /** Whether the last scrape read every source it asked. */
  #lastClean = false;
  readonly #steps = new Map<string, Step>();
  readonly #adminSteps = new Map<string, Step>();

  constructor(ensemble: string, target: ServerTarget, deps: ScraperDeps) {
    this.ensemble = ensemble;
    this.target = target;
    this.#deps = deps;
  }

  get adminWorks(): boolean | undefined {
    return this.#adminWorks;
  }

  /** One scrape; `detail` adds the slower-changing sources (membership, configuration, …). */
  async scrape(detail: boolean): Promise<ServerSnapshot> {
    const { clock } = this.#deps;
    const snap: ServerSnapshot = {
      ensemble: this.ensemble,
      server: this.target.address,
      startedMs: clock.now(),
      finishedMs: 0,
      outcomes: [],
    };
    const useAdmin = this.target.admin !== undefined && (this.#adminWorks !== false || detail);
    // A healthy server answering its AdminServer is read there alone between detail cycles.
    const check = this.#clientPortAnswered !== true || !this.#lastClean;
    const plan = PLAN[useAdmin ? "admin" : "four"][detail ? "detail" : check ? "check" : "cycle"];
    const steps: Step[] = [];
    for (const c of plan.admin) steps.push(this.#adminStep(c));
    const mntrCounts = this.#mntrLayout?.slot("watch_count") !== undefined;
    for (const c of plan.four) {
      if ((c === "wchs" && mntrCounts) || (c === "isro" && this.#stateFromMonitor)) continue;
      steps.push(this.#fourStep(c));
    }
    await this.#runAll(steps, snap);
    if (useAdmin) {
      const monitor = snap.outcomes.find((o) => o.source === "admin:monitor");
      const kind = monitor?.failure?.kind;
      const adminDown = kind === "admin-off" || kind === "unreachable" || kind === "refused" || kind === "garbage" || kind === "closed";
      // Whether the server is down or only its AdminServer off, the client port tells.
      if (adminDown && !snap.outcomes.some((o) => o.source === "4lw:srvr")) await this.#runAll([this.#fourStep("srvr")], snap);
      const clientOk = snap.outcomes.some(
        (o) => o.source === "4lw:srvr" && (o.ok || o.failure?.kind === "not-serving" || o.failure?.kind === "not-whitelisted"),
      );
      // A server down altogether keeps its AdminServer: it is asked there first when it is back.
      this.#adminWorks = monitor?.ok === true || kind === "not-serving" ? true : adminDown && clientOk ? false : this.#adminWorks;
      if (adminDown && clientOk) {
        // The AdminServer is off or broken but the client port answers: fill in with 4lw.
        const fill = detail ? ["mntr", "conf", "wchs", "cons", "envi"] : ["mntr"];
        await this.#runAll(fill.map((c) => this.#fourStep(c)), snap);
      }
    }
    const fourLetter = snap.outcomes.filter((o) => o.source.startsWith("4lw:"));
    if (fourLetter.length > 0 && fourLetter.every((o) => o.failure?.kind === "refused")) {
      // Nothing listens on the client port either: the server is down, not its AdminServer off.
      for (const o of snap.outcomes) {
        if (o.failure?.kind === "admin-off" && o.failure.reason.includes("refused")) o.failure = { kind: "refused", reason: "connection refused" };
      }
    }
    if (snap.monitor?.serverState === "standalone") {
      // A standalone server answers `leader` with "server is not initialized": not a failure.
      snap.outcomes = snap.outcomes.filter((o) => !(o.source === "admin:leader" && o.failure?.kind === "command-error"));
    }
    this.#stateFromMonitor = snap.monitor?.serverState !== undefined;
    if (snap.outcomes.some((o) => o.source.startsWith("4lw:"))) this.#clientPortAnswered = clientPortAnswered(snap);
    if (this.#clientPortAnswered !== undefined) snap.clientPortAnswered = this.#clientPortAnswered;
    this.#lastClean = snap.outcomes.every((o) => o.ok);
    snap.finishedMs = clock.now();
    return snap;
  }

  async #runAll(steps: Step[], snap: ServerSnapshot): Promise<void> {
    const { clock } = this.#deps;
    const results = await Promise.all(
      steps.map(async (step): Promise<[SourceOutcome, Apply | undefined]> => {
        const start = clock.now();
        try {
          const apply = await step.run();
          return [{ source: step.source, ok: true, durationMs: clock.now() - start }, apply];
        } catch (err) {
          const e = toCollectError(err, this.target.address, step.source);
          const outcome: SourceOutcome = {
            source: step.source,
            ok: false,
            durationMs: clock.now() - start,
            failure: { kind: e.kind, reason: e.detail },
          };
          return [outcome, undefined];
        }
      }),
    );
    // Apply in a fixed order (admin before 4lw) so the result does not depend on timing.
    for (const [outcome, apply] of results) {
      snap.outcomes.push(outcome);
      if (apply && outcome.source.startsWith("admin:")) apply(snap);
    }
    for (const [outcome, apply] of results) if (apply && outcome.source.startsWith("4lw:")) apply(snap);
  }

  /** A step is stateless: built once per server and command, reused by every scrape. */
  #fourStep(cmd: string): Step {
    let step = this.#steps.get(cmd);
    if (!step) {
      const { transport, limits } = this.#deps;
      const source = `4lw:${cmd}`;
      if (cmd === "mntr" && transport.fourLetterParse) {
        const parse = (answer: Buffer) => this.#mntr(answer);
        step = { source, run: () => transport.fourLetterParse!(this.target.client, cmd, limits, parse) };
      } else {
        const parse = cmd === "mntr" ? (text: string) => this.#mntr(text) : FOUR_LETTER[cmd]!;
        step = { source, run: async () => parse(await transport.fourLetterWord(this.target.client, cmd, limits)) };
      }
      this.#steps.set(cmd, step);
    }
    return step;
  }

  #monitor(m: MonitorData): Apply {
    this.#monitorLayout = m.values.layout;
    return (s) => {
      s.monitor = m;
    };
  }

  #mntr(answer: string | Buffer): Apply {
    const v = typeof answer === "string" ? parseMntr(answer, this.#mntrLayout) : parseMntrBytes(answer, this.#mntrLayout);
    this.#mntrLayout = v.values.layout;
    return (s) => {
      s.monitor = v;
    };
  }

  #adminStep(cmd: string): Step {
    let step = this.#adminSteps.get(cmd);
    if (!step) {
      const { transport, limits } = this.#deps;
      const admin = this.target.admin!;
      const source = `admin:${cmd}`;
      if (cmd === "monitor") {
        const fast = (body: Buffer) => {
          const m = readMonitorBytes(body, this.#monitorLayout);
          return m === undefined ? undefined : this.#monitor(m);
        };
        const slow = (j: JsonObject) => this.#monitor(readMonitor(j));
        step = {
          source,
          run: transport.adminParse ? () => transport.adminParse!(admin, cmd, limits, fast, slow) : async () => slow(await transport.adminCommand(admin, cmd, limits)),
        };
        this.#adminSteps.set(cmd, step);
        return step;
      }
      const read = ADMIN[cmd]!;
      step = { source, run: async () => read(await transport.adminCommand(admin, cmd, limits)) };
      this.#adminSteps.set(cmd, step);
    }
    return step;
  }
}

function toCollectError(err: unknown, server: string, source: string): CollectError {
  if (err instanceof CollectError) return err;
  if (err instanceof ParseError) return new CollectError("garbage", err.message, { server, source }, { cause: err });
  const e = err as Error;
  return new CollectError("garbage", `${e?.name ?? "Error"}: ${e?.message ?? String(err)}`, { server, source }, { cause: err });
}
