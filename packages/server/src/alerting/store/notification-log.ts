/**
 * The notification log: per (group key, receiver, integration) what was last sent (firing and
 * resolved fingerprints) and when. The dedup decision reads it; it is persisted so a restart
 * neither re-sends nor forgets.
 */
export interface NflogEntry {
  groupKey: string;
  receiver: string;
  integration: string;
  timestamp: number;
  firing: string[];
  resolved: string[];
}

export const nflogKey = (groupKey: string, receiver: string, integration: string) => `${groupKey}\u0000${receiver}\u0000${integration}`;

export class NotificationLog {
  private readonly entries = new Map<string, NflogEntry>();
  onChange: () => void = () => {};

  constructor(readonly retentionMs = 5 * 86_400_000) {}

  get(groupKey: string, receiver: string, integration: string): NflogEntry | undefined {
    return this.entries.get(nflogKey(groupKey, receiver, integration));
  }

  log(e: NflogEntry): void {
    this.entries.set(nflogKey(e.groupKey, e.receiver, e.integration), e);
    this.onChange();
  }

  gc(now: number): void {
    for (const [k, e] of this.entries) if (e.timestamp + this.retentionMs <= now) this.entries.delete(k);
  }

  snapshot(): NflogEntry[] {
    return [...this.entries.values()];
  }

  restore(list: NflogEntry[]): void {
    for (const e of list) this.entries.set(nflogKey(e.groupKey, e.receiver, e.integration), e);
  }
}
