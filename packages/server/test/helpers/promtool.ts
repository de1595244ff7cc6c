import { spawnSync } from "node:child_process";

/** Runs `promtool check metrics` on exposition text; returns its exit status and complaints. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  const r = spawnSync("/usr/bin/promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
