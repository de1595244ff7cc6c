import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TemplateError } from "../../../src/rules/errors.ts";
import {
  goSprintf,
  goV,
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
  RuleTemplate,
} from "../../../src/rules/template/index.ts";

const data = { labels: { instance: "zk1:2181", job: "zk" }, externalLabels: { dc: "eu" }, externalURL: "http://x", value: 0.5 };
const expand = (t: string, value = 0.5) => new RuleTemplate(t).expand("t", { ...data, value });

describe("rules > template", () => {
  test("variables, fields and missing keys (missingkey=zero)", () => {
    assert.equal(expand("{{ $labels.instance }} {{ .Labels.job }} {{ $externalLabels.dc }} {{ $value }} {{ .Value }}"), "zk1:2181 zk eu 0.5 0.5");
    assert.equal(expand("[{{ $labels.nope }}]"), "[]");
    assert.equal(expand("no template"), "no template");
  });

  test("pipelines, printf and string functions", () => {
    assert.equal(expand('{{ $value | printf "%.2f" }}', 1.23456), "1.23");
    assert.equal(expand('{{ printf "%s is %.1f%%" $labels.job 12.34 }}'), "zk is 12.3%");
    assert.equal(expand("{{ $labels.job | toUpper }} {{ toLower \"AB\" }} {{ title \"hello zoo keeper\" }}"), "ZK ab Hello Zoo Keeper");
    assert.equal(expand("{{ humanize $value }}", 1234567), "1.235M");
    assert.equal(expand("{{ $value | humanizePercentage }}", 0.1234567), "12.35%");
  });

  test("if / else if / else, comparisons and trim markers", () => {
    const t = "{{ if gt $value 10.0 }}high{{ else if gt $value 1.0 }}mid{{ else }}low{{ end }}";
    assert.equal(expand(t, 11), "high");
    assert.equal(expand(t, 5), "mid");
    assert.equal(expand(t, 0), "low");
    assert.equal(expand("a  {{- if true -}}  b  {{- end -}}  c"), "abc");
    assert.equal(expand("{{/* a comment */}}x"), "x");
    assert.equal(expand('{{ if eq $labels.job "zk" }}yes{{ end }}'), "yes");
  });

  test("range over labels and variable declaration", () => {
    assert.equal(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}"), "instance=zk1:2181;job=zk;");
    assert.equal(expand("{{ $x := $labels.job }}{{ $x }}"), "zk");
  });

  test("parse errors surface at construction with offsets", () => {
    const bad = ["{{ $label.instance }}", "{{ nosuchfn 1 }}", "{{ if true }}x", "{{ end }}", "{{ $labels.x ", '{{ "abc }}', "{{ }}", "{{ 1 | }}"];
    for (const src of bad) assert.throws(() => new RuleTemplate(src), TemplateError, src);
    assert.throws(() => new RuleTemplate("ab{{ $nope }}"), (e: TemplateError) => e.offset === 5 && /undefined variable "\$nope"/.test(e.message));
  });

  test("execution errors become Prometheus's error text, never throw", () => {
    const out = expand('{{ humanize "abc" }}');
    assert.match(out, /^<error expanding template: .*humanize.*>$/);
  });

  test("humanize family matches Prometheus's formats", () => {
    assert.equal(humanize(0), "0");
    assert.equal(humanize(1), "1");
    assert.equal(humanize(1000), "1k");
    assert.equal(humanize(1234567), "1.235M");
    assert.equal(humanize(0.001234), "1.234m");
    assert.equal(humanize(-1500), "-1.5k");
    assert.equal(humanize(Number.NaN), "NaN");
    assert.equal(humanize(Number.POSITIVE_INFINITY), "+Inf");
    assert.equal(humanize("2048"), "2.048k");
    assert.equal(humanize1024(1048576), "1Mi");
    assert.equal(humanize1024(1), "1");
    assert.equal(humanize1024(1536), "1.5ki");
    assert.equal(humanizeDuration(0), "0s");
    assert.equal(humanizeDuration(899.99), "14m 59s");
    assert.equal(humanizeDuration(90061), "1d 1h 1m 1s");
    assert.equal(humanizeDuration(3600), "1h 0m 0s");
    assert.equal(humanizeDuration(1.5), "1.5s");
    assert.equal(humanizeDuration(0.0015), "1.5ms");
    assert.equal(humanizeDuration(-61), "-1m 1s");
    assert.equal(humanizePercentage(0.5), "50%");
    assert.equal(humanizeTimestamp(1), "1970-01-01 00:00:01 +0000 UTC");
    assert.equal(humanizeTimestamp(1435065584.128), "2015-06-23 13:19:44.128 +0000 UTC");
  });

  test("Go's %v of floats and Sprintf verbs", () => {
    assert.equal(goV(1234567), "1.234567e+06");
    assert.equal(goV(123456), "123456");
    assert.equal(goV(0.0001), "0.0001");
    assert.equal(goV(0.00001), "1e-05");
    assert.equal(goV(Number.NaN), "NaN");
    assert.equal(goSprintf("%5.1f|%-4s|%d|%g|%e", [3.25, "ab", 42, 1e7, 1234.5]), "  3.2|ab  |42|1e+07|1.234500e+03");
    assert.equal(goSprintf("%d", [1.5]), "%!d(float64=1.5)");
  });
});
