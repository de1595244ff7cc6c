/**
 * Silences: matchers over a time window, life cycle pending → active → expired derived from the
 * injected clock. Alertmanager's update rule: an in-place update only when matchers are unchanged
 * and the window may still be edited; otherwise the old silence is expired and a new id issued.
 */
import { randomUUID } from "node:crypto";
import type { Labels } from "../../tsdb/types.ts";
import type { AlertingClock } from "../clock.ts";
import type { Muter } from "../dispatch/muter.ts";
import { type Matcher, matchesAll } from "../matcher.ts";

export type SilenceState = "pending" | "active" | "expired";

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  updatedAt: number;
}

export interface SilenceInput {
  id?: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export class SilenceError extends Error {
  override name = "SilenceError";
  constructor(
    message: string,
    readonly code: "SILENCE_INVALID" | "SILENCE_NOT_FOUND",
  ) {
    super(message);
  }
}

export function silenceState(s: Silence, now: number): SilenceState {
  if (s.endsAt <= now) return "expired";
  if (s.startsAt > now) return "pending";
  return "active";
}

const sameMatchers = (a: Matcher[], b: Matcher[]) => JSON.stringify(a) === JSON.stringify(b);

export class Silences implements Muter {
  private readonly byId = new Map<string, Silence>();
  onChange: () => void = () => {};

  constructor(
    private readonly clock: AlertingClock,
    readonly retentionMs = 5 * 86_400_000,
  ) {}

  /** Creates or updates; returns the id that now holds the silence. */
  set(input: SilenceInput): string {
    const now = this.clock.now();
    if (input.matchers.length === 0) throw new SilenceError("a silence needs at least one matcher", "SILENCE_INVALID");
    if (input.matchers.every((m) => (m.type === "=" || m.type === "=~") && new RegExp(`^(?:${m.value})$`).test("")))
      throw new SilenceError("at least one matcher must not match the empty string", "SILENCE_INVALID");
    if (!input.createdBy.trim()) throw new SilenceError("createdBy is required", "SILENCE_INVALID");
    if (!input.comment.trim()) throw new SilenceError("comment is required", "SILENCE_INVALID");
    if (!(input.endsAt > input.startsAt)) throw new SilenceError("endsAt must be after startsAt", "SILENCE_INVALID");
    if (input.endsAt <= now) throw new SilenceError("endsAt is in the past", "SILENCE_INVALID");
    const startsAt = Math.max(input.startsAt, now);
    if (input.id !== undefined && input.id !== "") {
      const old = this.byId.get(input.id);
      if (!old) throw new SilenceError(`silence ${input.id} not found`, "SILENCE_NOT_FOUND");
      const state = silenceState(old, now);
      const canUpdate =
        sameMatchers(old.matchers, input.matchers) &&
        ((state === "active" && input.startsAt === old.startsAt) || (state === "pending" && input.startsAt >= now));
      if (canUpdate) {
        Object.assign(old, { endsAt: input.endsAt, comment: input.comment, createdBy: input.createdBy, updatedAt: now, startsAt: state === "pending" ? startsAt : old.startsAt });
        this.onChange();
        return old.id;
      }
      if (state !== "expired") this.expireNow(old, now);
    }
    const s: Silence = { id: randomUUID(), matchers: input.matchers, startsAt, endsAt: input.endsAt, createdBy: input.createdBy, comment: input.comment, updatedAt: now };
    this.byId.set(s.id, s);
    this.onChange();
    return s.id;
  }

  private expireNow(s: Silence, now: number): void {
    if (s.startsAt > now) s.startsAt = now;
    s.endsAt = now;
    s.updatedAt = now;
  }

  expire(id: string): void {
    const s = this.byId.get(id);
    if (!s) throw new SilenceError(`silence ${id} not found`, "SILENCE_NOT_FOUND");
    const now = this.clock.now();
    if (silenceState(s, now) === "expired") throw new SilenceError(`silence ${id} already expired`, "SILENCE_INVALID");
    this.expireNow(s, now);
    this.onChange();
  }

  get(id: string): Silence | undefined {
    return this.byId.get(id);
  }

  state(s: Silence): SilenceState {
    return silenceState(s, this.clock.now());
  }

  all(): Silence[] {
    return [...this.byId.values()];
  }

  /** Ids of active silences whose matchers all match these labels. */
  silencedBy(labels: Labels): string[] {
    const now = this.clock.now();
    return this.all()
      .filter((s) => silenceState(s, now) === "active" && matchesAll(s.matchers, labels))
      .map((s) => s.id);
  }

  mutes(labels: Labels): boolean {
    return this.silencedBy(labels).length > 0;
  }

  /** Forgets silences expired longer than the retention ago. */
  gc(): void {
    const now = this.clock.now();
    for (const [id, s] of this.byId) if (s.endsAt + this.retentionMs <= now) this.byId.delete(id);
  }

  snapshot(): Silence[] {
    return this.all();
  }

  restore(list: Silence[]): void {
    for (const s of list) this.byId.set(s.id, s);
  }
}
