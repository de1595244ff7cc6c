import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** A fixture captured from a real ZooKeeper (test/fixtures/<path>). */
export function fixture(path: string): string {
  return readFileSync(join(dir, path), "utf8");
}

export function fixtureJson(path: string): Record<string, unknown> {
  return JSON.parse(fixture(path)) as Record<string, unknown>;
}
