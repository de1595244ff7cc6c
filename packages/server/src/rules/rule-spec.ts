// Loaded, validated rule groups: what the loader produces and the evaluator consumes.
import type { RuleTemplate } from "./template/index.ts";

export interface RuleSource {
  file: string;
  line: number;
}

export interface AlertRuleSpec {
  kind: "alert";
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Parsed templates, by label / annotation name (only the ones containing actions). */
  labelTemplates: Map<string, RuleTemplate>;
  annotationTemplates: Map<string, RuleTemplate>;
  source: RuleSource;
}

export interface RecordRuleSpec {
  kind: "record";
  name: string;
  expr: string;
  labels: Record<string, string>;
  source: RuleSource;
}

export type RuleSpec = AlertRuleSpec | RecordRuleSpec;

export interface RuleGroupSpec {
  name: string;
  /** Undefined: the global evaluation interval applies. */
  intervalMs?: number;
  /** Max alerts (or series) per rule; 0 = no limit. */
  limit: number;
  queryOffsetMs: number;
  rules: RuleSpec[];
  source: RuleSource;
}

export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
