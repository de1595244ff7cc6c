// /proc helpers for cleanup tests (Linux).
import { readdirSync, readFileSync } from "node:fs";

/** Whether `pid` runs (a zombie nobody reaped counts as dead). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Live processes whose command line contains `text`. */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(text) && alive(Number(entry))) found.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}
