/**
 * What survives a restart, one atomic JSON file each under <data>/alerting/: alerts (with active
 * since), silences, the notification log and the delivery history.
 */
import { join } from "node:path";
import type { StoredAlert } from "./alert-store.ts";
import { readJson, writeJsonAtomic } from "./atomic-file.ts";
import type { NotificationAttempt } from "./notification-history.ts";
import type { NflogEntry } from "./notification-log.ts";
import type { Silence } from "./silences.ts";

export interface PersistedState {
  alerts: StoredAlert[];
  silences: Silence[];
  nflog: NflogEntry[];
  history: NotificationAttempt[];
  /** Clock time of the last alerts save (0 if unknown). */
  alertsSavedAt: number;
}

type Part = Exclude<keyof PersistedState, "alertsSavedAt">;
const FILES: Record<Part, string> = { alerts: "alerts.json", silences: "silences.json", nflog: "nflog.json", history: "history.json" };

export class StateDir {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = join(dataDir, "alerting");
  }

  save<K extends Part>(part: K, value: PersistedState[K], savedAt?: number): void {
    writeJsonAtomic(join(this.dir, FILES[part]), { version: 1, ...(savedAt !== undefined ? { savedAt } : {}), [part]: value });
  }

  load(): PersistedState {
    const out: PersistedState = { alerts: [], silences: [], nflog: [], history: [], alertsSavedAt: 0 };
    for (const part of Object.keys(FILES) as Part[]) {
      const v = readJson<Record<string, unknown>>(join(this.dir, FILES[part]));
      if (v && Array.isArray(v[part])) (out as unknown as Record<string, unknown[]>)[part] = v[part] as unknown[];
      if (part === "alerts" && typeof v?.savedAt === "number") out.alertsSavedAt = v.savedAt;
    }
    return out;
  }
}
