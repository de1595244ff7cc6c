import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { ZOOKEEPER_RULES_YAML } from "../../src/rules/builtin/zookeeper-pack.ts";
import { loadRuleText } from "../../src/rules/rule-file.ts";
import type { AlertRuleSpec } from "../../src/rules/rule-spec.ts";

const RUNBOOK_URL = "https://github.com/zoosight/zoosight/blob/main/docs/runbooks.md#";
const DOC_PATH = new URL("../../../../docs/runbooks.md", import.meta.url);

/** GitHub's heading slug (github-slugger): lower case, punctuation but - and _ dropped, spaces → hyphens. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[`*]/g, "");
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

interface Section {
  anchor: string;
  body: string;
}

/** The doc's headings (outside fenced code) as GitHub anchors, duplicates suffixed -1, -2, … */
export function sections(markdown: string): Section[] {
  const out: Section[] = [];
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === undefined) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = undefined;
    }
    const h = fence === undefined && !f ? /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (h) {
      const base = githubSlug(h[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.push({ anchor: n === 0 ? base : `${base}-${n}`, body: "" });
    } else if (out.length > 0) {
      out[out.length - 1]!.body += `${line}\n`;
    }
  }
  return out;
}

/** "2s", "1m", "15m", "1h" as the pack writes durations. */
function formatDuration(ms: number): string {
  for (const [unit, size] of [["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function packAlerts(): AlertRuleSpec[] {
  const { groups, errors } = loadRuleText(ZOOKEEPER_RULES_YAML, "<builtin:zookeeper>");
  assert.deepEqual(errors, []);
  return groups.flatMap((g) => g.rules).filter((r): r is AlertRuleSpec => r.kind === "alert");
}

/** The anchor of an alert's runbook annotation, or undefined when it has no runbook link. */
function runbookAnchor(a: AlertRuleSpec): string | undefined {
  const i = a.annotations.runbook?.indexOf(RUNBOOK_URL) ?? -1;
  if (i < 0) return undefined;
  return /^[^\s"'<>)]*/.exec(a.annotations.runbook!.slice(i + RUNBOOK_URL.length))![0];
}

/** Problems of `markdown` as the runbook of `alerts` (empty: none). */
export function runbookProblems(markdown: string, alerts: AlertRuleSpec[]): string[] {
  const problems: string[] = [];
  const bySlug = new Map(sections(markdown).map((s) => [s.anchor, s]));
  for (const a of alerts) {
    const anchor = runbookAnchor(a);
    if (anchor === undefined) {
      problems.push(`${a.name}: no runbook link`);
      continue;
    }
    if (!markdown.includes(a.name)) problems.push(`${a.name}: not named in the runbook`);
    const section = bySlug.get(anchor);
    if (!section) {
      problems.push(`${a.name}: no heading for #${anchor}`);
      continue;
    }
    if (!section.body.includes(a.name)) problems.push(`${a.name}: not named in section #${anchor}`);
    if (!section.body.includes(a.expr)) problems.push(`${a.name}: expression not in section #${anchor}: ${a.expr}`);
    const forText = a.forMs === 0 ? "no `for`" : `\`for: ${formatDuration(a.forMs)}\``;
    if (!section.body.includes(forText)) problems.push(`${a.name}: ${forText} not in section #${anchor}`);
    const severity = a.labels.severity;
    if (severity && !section.body.includes(`\`${severity}\``)) problems.push(`${a.name}: severity ${severity} not in section #${anchor}`);
  }
  return problems;
}

describe("rules > runbooks", () => {
  const markdown = readFileSync(DOC_PATH, "utf8");
  const alerts = packAlerts();

  test("GitHub slugs", () => {
    assert.equal(githubSlug("quorum-lost"), "quorum-lost");
    assert.equal(githubSlug("`ZooKeeperQuorumLost`: Quorum lost!"), "zookeeperquorumlost-quorum-lost");
    assert.equal(githubSlug("fsync (slow disks)"), "fsync-slow-disks");
    assert.deepEqual(
      sections("# A\n## b c\n```\n## not a heading\n```\n## b c\n").map((s) => s.anchor),
      ["a", "b-c", "b-c-1"],
    );
  });

  test("every alert of the pack links to the runbook", () => {
    assert.ok(alerts.length >= 20, `only ${alerts.length} alerts in the pack`);
    const missing = alerts.filter((a) => runbookAnchor(a) === undefined).map((a) => a.name);
    assert.deepEqual(missing, []);
    const runbookLines = ZOOKEEPER_RULES_YAML.split("\n").filter((l) => /^\s*runbook:/.test(l)).length;
    assert.equal(runbookLines, alerts.length);
  });

  test("every runbook anchor has a heading, naming the alert with its expression, for and severity", () => {
    assert.deepEqual(runbookProblems(markdown, alerts), []);
  });

  test("every alert named in the pack appears in the runbook", () => {
    const names = [...ZOOKEEPER_RULES_YAML.matchAll(/^\s*- alert:\s*(\S+)/gm)].map((m) => m[1]!);
    assert.equal(names.length, alerts.length);
    assert.deepEqual(names.filter((n) => !markdown.includes(n)), []);
  });

  test("the check fails when a heading or an alert goes missing", () => {
    const noHeading = markdown.replace(/^## quorum-lost$/m, "## quorum lost (renamed)");
    assert.ok(runbookProblems(noHeading, alerts).some((p) => p.includes("no heading for #quorum-lost")));
    const noAlert = markdown.replaceAll("ZooKeeperFsyncStalls", "ZooKeeperFsync");
    assert.ok(runbookProblems(noAlert, alerts).some((p) => p.startsWith("ZooKeeperFsyncStalls: not named")));
    const wrongFor = markdown.replace("`for: 2s`", "`for: 1m`");
    assert.ok(runbookProblems(wrongFor, alerts).some((p) => p.startsWith("ZooKeeperQuorumLost: `for: 2s`")));
  });
});
