// Runs rule groups on an injected clock: each group at its interval, at slotted timestamps,
// skipping (and counting) iterations it missed. Takes a QueryFn, a NotifyFn and a clock only.
import { setMaxListeners } from "node:events";
import type { NotifyFn, QueryFn } from "../alerting/alert.ts";
import type { Clock } from "../collect/clock.ts";
import type { Labels } from "../tsdb/types.ts";
import type { GroupOptions, RuleAppendFn } from "./group.ts";
import { RuleGroup } from "./group.ts";
import type { RuleGroupSpec } from "./rule-spec.ts";

export interface RuleManagerOptions {
  query: QueryFn;
  notify: NotifyFn;
  clock: Clock;
  append?: RuleAppendFn;
  externalLabels?: Labels;
  externalURL?: string;
  /** global.evaluation_interval (default 1m). */
  evaluationIntervalMs?: number;
  /** --rules.alert.resend-delay (default 1m). */
  resendDelayMs?: number;
}

export class RuleManager {
  #groups: RuleGroup[] = [];
  #abort = new AbortController();
  #running: Promise<void>[] = [];
  readonly #o: RuleManagerOptions;
  /** Iterations skipped because an evaluation ran past the next slot, per group name. */
  readonly missed = new Map<string, number>();

  constructor(options: RuleManagerOptions) {
    this.#o = options;
  }

  #groupOptions(): GroupOptions {
    return {
      query: this.#o.query,
      notify: this.#o.notify,
      append: this.#o.append,
      externalLabels: this.#o.externalLabels ?? {},
      externalURL: this.#o.externalURL ?? "",
      defaultIntervalMs: this.#o.evaluationIntervalMs ?? 60_000,
      resendDelayMs: this.#o.resendDelayMs ?? 60_000,
      now: () => this.#o.clock.now(),
    };
  }

  /** Replaces the rule groups, keeping alert state of groups that survive (by file and name). */
  load(specs: readonly RuleGroupSpec[]): void {
    const opts = this.#groupOptions();
    const next = specs.map((s) => new RuleGroup(s, opts));
    for (const g of next) {
      const old = this.#groups.find((o) => o.name === g.name && o.file === g.file);
      if (old) g.copyStateFrom(old);
    }
    const wasRunning = this.#running.length > 0;
    if (wasRunning) this.#stopLoops();
    this.#groups = next;
    if (wasRunning) this.start();
  }

  groups(): readonly RuleGroup[] {
    return this.#groups;
  }

  /** Starts one evaluation loop per group. */
  start(): void {
    const signal = this.#abort.signal;
    // Every group's loop waits on this one signal: more than Node's default 10 listeners is expected.
    setMaxListeners(this.#groups.length + 10, signal);
    this.#running = this.#groups.map((g) => this.#loop(g, signal));
  }

  async #loop(g: RuleGroup, signal: AbortSignal): Promise<void> {
    const { clock } = this.#o;
    let next = g.evalTimestamp(clock.now()) + g.intervalMs;
    while (!signal.aborted) {
      const wait = next - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal.aborted) return;
      await g.evaluate(next);
      next += g.intervalMs;
      const now = clock.now();
      if (now >= next) {
        const skipped = Math.floor((now - next) / g.intervalMs) + 1;
        this.missed.set(g.name, (this.missed.get(g.name) ?? 0) + skipped);
        next += skipped * g.intervalMs;
      }
    }
  }

  #stopLoops(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#running = [];
  }

  /** Stops the loops; resolves when every in-flight evaluation finished. */
  async stop(): Promise<void> {
    const running = this.#running;
    this.#stopLoops();
    await Promise.all(running);
  }
}
