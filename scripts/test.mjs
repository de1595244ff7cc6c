// The whole test suite: type-check, lint, then every *.test.ts under packages/
// with node:test. Ends with one summary line "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("--"));

function run(cmd, cmdArgs, label) {
  process.stderr.write(`\n== ${label} ==\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith(".test.ts")) out.push(relative(root, p));
  }
  return out;
}

let staticOk = true;
if (!args.includes("--no-static")) {
  staticOk = run("npx", ["tsc", "--build"], "type-check (tsc --build)") && staticOk;
  staticOk = run("npx", ["biome", "lint", "."], "lint (biome)") && staticOk;
}

let files = findTests(join(root, "packages")).sort();
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));

const tap = join(mkdtempSync(join(tmpdir(), "zoosight-test-")), "results.tap");
process.stderr.write(`\n== tests (${files.length} files) ==\n`);
const r = spawnSync(
  process.execPath,
  [
    "--conditions=source",
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=3",
    "--test-timeout=300000",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0" } },
);

const text = readFileSync(tap, "utf8");
const count = (key) => {
  const m = text.match(new RegExp(`^# ${key} (\\d+)$`, "m"));
  return m ? Number(m[1]) : 0;
};
const passed = count("pass");
let failed = count("fail") + count("cancelled");
const skipped = count("skipped") + count("todo");
if (!staticOk) failed += 1;
if (r.status !== 0 && failed === 0) failed = 1;
if (!staticOk) process.stderr.write("static checks failed (counted as one failure)\n");
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
