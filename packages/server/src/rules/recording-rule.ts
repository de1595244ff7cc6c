// A recording rule: the expression's result renamed to the record name, rule labels applied.
import type { VectorSample } from "../alerting/alert.ts";
import { RuleEvalError } from "./errors.ts";
import type { RuleSeriesSample } from "./alerting-rule.ts";
import { labelsKey, sortedLabels } from "./labels.ts";
import type { RecordRuleSpec } from "./rule-spec.ts";

export class RecordingRule {
  readonly spec: RecordRuleSpec;
  constructor(spec: RecordRuleSpec) {
    this.spec = spec;
  }
  get name(): string {
    return this.spec.name;
  }
  eval(result: readonly VectorSample[], limit = 0): RuleSeriesSample[] {
    const out: RuleSeriesSample[] = [];
    const seen = new Set<string>();
    for (const s of result) {
      const labels = sortedLabels({ ...s.labels, ...this.spec.labels, __name__: this.spec.name });
      const key = labelsKey(labels);
      if (seen.has(key)) throw new RuleEvalError("vector contains metrics with the same labelset after applying rule labels", "", this.spec.name);
      seen.add(key);
      out.push({ labels, value: s.value });
    }
    if (limit > 0 && out.length > limit) throw new RuleEvalError(`exceeded limit of ${limit} with ${out.length} series`, "", this.spec.name);
    return out;
  }
}
