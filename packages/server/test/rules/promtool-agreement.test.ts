// Runs every rule unit-test file under fixtures/ through the real promtool (Prometheus 2.42) and
// through `zoosight rules test`, and requires the same verdict (file names say the expected one).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { CliIO } from "../../src/cli/command.ts";
import { main } from "../../src/cli/main.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "zoosight-rules-"));
cpSync(FIXTURES, dir, { recursive: true });

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, interrupted: new Promise(() => {}) };
}

function promtool(args: string[]): { status: number | null; output: string } {
  const r = spawnSync("/usr/bin/promtool", args, { cwd: dir, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

after(() => rmSync(dir, { recursive: true, force: true }));

describe("rules > promtool agreement", () => {
  test("the exported pack passes promtool check rules and zoosight rules check", async () => {
    const cli = io();
    assert.equal(await main(["rules", "export", "--output", "pack-rules.yml"], cli), 0);
    const r = promtool(["check", "rules", "pack-rules.yml"]);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /SUCCESS: 21 rules found/);
    const ours = io();
    assert.equal(await main(["rules", "check", "pack-rules.yml"], ours), 0, ours.err.join(""));
    assert.equal(ours.out.join(""), "Checking pack-rules.yml\n  SUCCESS: 21 rules found\n\n");
    assert.equal(readFileSync(join(dir, "pack-rules.yml"), "utf8").startsWith("# zoosight built-in"), true);
  });

  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".test.yml")).sort();
  for (const f of files) {
    test(`${f}: same verdict as promtool`, async () => {
      if (f === "pack.test.yml") await main(["rules", "export", "--output", "pack-rules.yml"], io());
      const expected = f.startsWith("fail-") ? 1 : 0;
      const p = promtool(["test", "rules", f]);
      assert.equal(p.status, expected, `promtool: ${p.output}`);
      const cli = io();
      const code = await main(["rules", "test", f], cli);
      assert.equal(code, expected, `zoosight: ${cli.out.join("")}${cli.err.join("")}`);
    });
  }

  test("rules check reports errors with file:line and exits 1; bad usage exits 2", async () => {
    const cli = io();
    assert.equal(await main(["rules", "check", "bad-rules.yml", "zk-rules.yml"], cli), 1);
    assert.match(cli.err.join(""), /bad-rules\.yml:7, group "bad", rule "Broken", key "annotations\.summary": .*undefined variable "\$label"/);
    assert.match(cli.out.join(""), /Checking zk-rules\.yml\n {2}SUCCESS: 3 rules found/);
    assert.equal(promtool(["check", "rules", "bad-rules.yml"]).status, 1);
    const json = io();
    assert.equal(await main(["rules", "check", "--json", "zk-rules.yml"], json), 0);
    assert.deepEqual(JSON.parse(json.out.join("")), [{ file: "zk-rules.yml", rules: 3, errors: [] }]);
    for (const argv of [["rules"], ["rules", "check"], ["rules", "bogus"], ["rules", "check", "--nope", "x"], ["rules", "export", "x"]]) {
      const u = io();
      assert.equal(await main(argv, u), 2, argv.join(" "));
      assert.equal(u.err.join("").split("\n").length, 2, "one line");
    }
  });
});
