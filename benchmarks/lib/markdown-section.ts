// docs/benchmarks.md is shared: each benchmark owns one "## " section and
// replaces only that section, leaving the rest of the file as it is.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Replaces the section starting with the line `heading` (up to the next line
 * starting with "## ", or the end of the file) with `body`; appends the section
 * when it is missing; creates the file (with a "# Benchmarks" title) when it is missing.
 */
export function writeSection(file: string, heading: string, body: string): void {
  const section = `${heading}\n\n${body.trim()}\n`;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `# Benchmarks\n\n${section}`);
    return;
  }
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trimEnd() === heading);
  if (start < 0) {
    const text = lines.join("\n").replace(/\n*$/, "");
    writeFileSync(file, `${text}\n\n${section}`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join("\n");
  const after = lines.slice(end).join("\n");
  writeFileSync(file, `${before}${before ? "\n" : ""}${section}${after ? `\n${after}` : ""}`);
}
