// Prometheus rule templates: parse once at load, execute per alert.
import type { Labels } from "../../tsdb/types.ts";
import { TemplateError } from "../errors.ts";
import type { Node } from "./ast.ts";
import { execute } from "./exec.ts";
import { FUNCTION_NAMES } from "./functions.ts";
import { parseTemplate } from "./parse.ts";

export { goG, goPrint, goSprintf, goV } from "./go-format.ts";
export { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from "./functions.ts";

export interface TemplateData {
  labels: Labels;
  externalLabels: Labels;
  externalURL: string;
  value: number;
}

/** A parsed rule template. `expand` never throws: errors become Prometheus's error text. */
export class RuleTemplate {
  readonly source: string;
  readonly #nodes: Node[];
  /** Throws TemplateError when the template does not parse. */
  constructor(source: string) {
    this.source = source;
    this.#nodes = source.includes("{{") ? parseTemplate(source, FUNCTION_NAMES) : [{ k: "text", text: source }];
  }
  /** The expanded text, or "<error expanding template: …>" as Prometheus writes it. */
  expand(name: string, d: TemplateData): string {
    try {
      return this.expandStrict(d);
    } catch (err) {
      const msg = err instanceof TemplateError ? err.message : String(err);
      return `<error expanding template: error executing template ${name}: template: ${name}: ${msg}>`;
    }
  }
  /** Throws TemplateError when execution fails. */
  expandStrict(d: TemplateData): string {
    const data = { Labels: d.labels, ExternalLabels: d.externalLabels, ExternalURL: d.externalURL, Value: d.value };
    return execute(this.#nodes, data, {
      $: data,
      $labels: d.labels,
      $externalLabels: d.externalLabels,
      $externalURL: d.externalURL,
      $value: d.value,
    });
  }
}
