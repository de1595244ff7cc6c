// Typed errors of the rules subsystem. Every error names where it comes from: file, line, key,
// group, rule, so that `zoosight rules check` can print it as promtool would and a reader can
// jump to the spot.

export interface RuleErrorContext {
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** The YAML key (or dotted path) the error is about. */
  key?: string;
  group?: string;
  rule?: string;
}

function where(ctx: RuleErrorContext): string {
  const parts: string[] = [];
  if (ctx.file !== undefined) parts.push(ctx.line !== undefined ? `${ctx.file}:${ctx.line}` : ctx.file);
  if (ctx.group !== undefined) parts.push(`group "${ctx.group}"`);
  if (ctx.rule !== undefined) parts.push(`rule "${ctx.rule}"`);
  if (ctx.key !== undefined) parts.push(`key "${ctx.key}"`);
  return parts.join(", ");
}

/** A rule file that cannot be loaded: bad YAML, bad field, bad expression or template. */
export class RuleLoadError extends Error {
  override name = "RuleLoadError";
  readonly context: RuleErrorContext;
  readonly detail: string;
  constructor(detail: string, context: RuleErrorContext = {}) {
    const at = where(context);
    super(at ? `${at}: ${detail}` : detail);
    this.detail = detail;
    this.context = context;
  }
}

/** A template that does not parse (reported when rules load) or fails to execute. */
export class TemplateError extends Error {
  override name = "TemplateError";
  /** 0-based offset into the template text where the problem is. */
  readonly offset: number;
  constructor(message: string, offset = 0) {
    super(message);
    this.offset = offset;
  }
}

/** A rule evaluation that failed (query error, duplicate label set, limit exceeded). */
export class RuleEvalError extends Error {
  override name = "RuleEvalError";
  readonly group: string;
  readonly rule: string;
  constructor(message: string, group: string, rule: string, options?: { cause?: unknown }) {
    super(`group "${group}", rule "${rule}": ${message}`, options);
    this.group = group;
    this.rule = rule;
  }
}

/** A promtool-format unit test file that cannot be read or run. */
export class RuleTestError extends Error {
  override name = "RuleTestError";
  readonly context: RuleErrorContext;
  constructor(message: string, context: RuleErrorContext = {}) {
    const at = where(context);
    super(at ? `${at}: ${message}` : message);
    this.context = context;
  }
}
