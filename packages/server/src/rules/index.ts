// Prometheus rule files evaluated in-process: loading, templates, alerting/recording rules,
// groups and the manager that runs them on an injected clock.
export type { ActiveAlert, AlertState, RuleSeriesSample, TemplateContext } from "./alerting-rule.ts";
export { AlertingRule, RESOLVED_RETENTION_MS } from "./alerting-rule.ts";
export { formatDuration, parseDuration } from "./duration.ts";
export type { RuleErrorContext } from "./errors.ts";
export { RuleEvalError, RuleLoadError, RuleTestError, TemplateError } from "./errors.ts";
export type { ExpressionChecker } from "./expr-check.ts";
export { checkExpression, engineChecker, grammarChecker, setExpressionChecker } from "./expr-check.ts";
export type { GroupOptions, Rule, RuleAppendFn, RuleHealth } from "./group.ts";
export { RuleGroup } from "./group.ts";
export { formatLabels, labelsKey } from "./labels.ts";
export type { RuleManagerOptions } from "./manager.ts";
export { RuleManager } from "./manager.ts";
export { RecordingRule } from "./recording-rule.ts";
export type { LoadResult } from "./rule-file.ts";
export { countRules, loadRuleFile, loadRuleText } from "./rule-file.ts";
export type { AlertRuleSpec, RecordRuleSpec, RuleGroupSpec, RuleSource, RuleSpec } from "./rule-spec.ts";
export type { TemplateData } from "./template/index.ts";
export { RuleTemplate } from "./template/index.ts";
