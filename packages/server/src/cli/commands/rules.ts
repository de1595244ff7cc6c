// `zoosight rules check|test|export`: promtool's rule checks and unit tests, and the built-in
// ZooKeeper rule pack as a Prometheus rule file.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { builtinRuleGroups, ZOOKEEPER_RULES_YAML } from "../../rules/builtin/zookeeper-pack.ts";
import { countRules, loadRuleFile } from "../../rules/rule-file.ts";
import { runTestFile } from "../../rules/unit/run-tests.ts";
import type { CliIO, Command } from "../command.ts";
import { UsageError } from "../command.ts";

const USAGE = `usage: zoosight rules check [--json] FILE...
       zoosight rules test [--json] FILE...
       zoosight rules export [--output FILE]

  check    validate Prometheus rule files as \`promtool check rules\` does; errors name
           file:line, group, rule and key (templates are parsed too)
  test     run rule unit tests in promtool's format (rule_files, input_series,
           alert_rule_test, promql_expr_test) with zoosight's evaluator
  export   write the built-in ZooKeeper rule pack as a Prometheus rule file
           (stdout, or --output FILE)

  --json   print the results as JSON

Exit code: 0 on success, 1 when a file fails, 2 on bad usage.`;

function split(argv: string[], allowed: string[]): { files: string[]; flags: Map<string, string | true> } {
  const files: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) {
      files.push(a);
      continue;
    }
    if (!allowed.includes(a)) throw new UsageError(`unknown option '${a}' (see --help)`);
    if (a === "--output") {
      const v = argv[++i];
      if (v === undefined) throw new UsageError("--output needs a file name");
      flags.set(a, v);
    } else flags.set(a, true);
  }
  return { files, flags };
}

function check(argv: string[], io: CliIO): number {
  const { files, flags } = split(argv, ["--json"]);
  if (files.length === 0) throw new UsageError("rules check needs at least one FILE");
  const results = files.map((f) => {
    const r = loadRuleFile(resolve(io.cwd, f));
    return { file: f, rules: countRules(r.groups), errors: r.errors.map((e) => e.message.replace(resolve(io.cwd, f), f)) };
  });
  if (flags.has("--json")) io.stdout(`${JSON.stringify(results)}\n`);
  else {
    for (const r of results) {
      io.stdout(`Checking ${r.file}\n`);
      if (r.errors.length === 0) io.stdout(`  SUCCESS: ${r.rules} rules found\n\n`);
      else io.stderr(`  FAILED:\n${r.errors.join("\n")}\n\n`);
    }
  }
  return results.every((r) => r.errors.length === 0) ? 0 : 1;
}

async function test(argv: string[], io: CliIO): Promise<number> {
  const { files, flags } = split(argv, ["--json"]);
  if (files.length === 0) throw new UsageError("rules test needs at least one FILE");
  const results = [];
  for (const f of files) {
    const r = await runTestFile(resolve(io.cwd, f));
    results.push({ ...r, file: f });
  }
  if (flags.has("--json")) io.stdout(`${JSON.stringify(results)}\n`);
  else {
    for (const r of results) {
      io.stdout(`Unit Testing:  ${r.file}\n`);
      if (r.ok) io.stdout("  SUCCESS\n\n");
      else io.stderr(`  FAILED:\n${r.messages.join("\n")}\n\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

function exportPack(argv: string[], io: CliIO): number {
  const { files, flags } = split(argv, ["--output"]);
  if (files.length > 0) throw new UsageError(`rules export takes no file arguments, got '${files[0]}'`);
  builtinRuleGroups(); // refuses to write an invalid pack
  const out = flags.get("--output");
  if (typeof out === "string") writeFileSync(resolve(io.cwd, out), ZOOKEEPER_RULES_YAML);
  else io.stdout(ZOOKEEPER_RULES_YAML);
  return 0;
}

export const rulesCommand: Command = {
  name: "rules",
  summary: "check and unit-test Prometheus rule files; export the built-in ZooKeeper rule pack",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "check") return check(rest, io);
    if (sub === "test") return test(rest, io);
    if (sub === "export") return exportPack(rest, io);
    throw new UsageError(sub === undefined ? "missing sub-command: check, test or export" : `unknown sub-command '${sub}' (check, test, export)`);
  },
};
