/** Every delivery attempt, newest last, bounded; what the API shows as the notification history. */
export type AttemptOutcome = "success" | "retrying" | "failed" | "skipped";

export interface NotificationAttempt {
  receiver: string;
  integration: string;
  groupKey: string;
  /** ms since epoch */
  time: number;
  attempt: number;
  reason: string;
  fingerprints: string[];
  outcome: AttemptOutcome;
  error?: string;
  test?: boolean;
}

export class NotificationHistory {
  private readonly items: NotificationAttempt[] = [];
  /** Attempts per "receiver\u0000integration\u0000outcome" since start (unbounded, unlike the list). */
  readonly counts = new Map<string, number>();

  constructor(readonly capacity = 1000) {}

  record(a: NotificationAttempt): void {
    const k = `${a.receiver}\u0000${a.integration}\u0000${a.outcome}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.items.push(a);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  list(filter: { receiver?: string; since?: number } = {}): NotificationAttempt[] {
    return this.items.filter((a) => (filter.receiver === undefined || a.receiver === filter.receiver) && (filter.since === undefined || a.time >= filter.since));
  }

  snapshot(): NotificationAttempt[] {
    return [...this.items];
  }

  restore(list: NotificationAttempt[]): void {
    this.items.splice(0, this.items.length, ...list.slice(-this.capacity));
  }
}
