// PromQL errors with stable names. Parse and type errors carry the source range {from, to}.

/** A syntax error: where in the query text, and what. */
export class PromQLSyntaxError extends Error {
  override name = "PromQLSyntaxError";
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

/** A well-formed query whose types do not fit (e.g. rate() of an instant vector). */
export class PromQLTypeError extends Error {
  override name = "PromQLTypeError";
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

/** Evaluation failed (many-to-many matching, duplicate label sets, bad parameter...): HTTP 422 "execution". */
export class PromQLExecutionError extends Error {
  override name = "PromQLExecutionError";
}

/** The query would load more samples than allowed: HTTP 422 "execution". */
export class PromQLTooManySamplesError extends PromQLExecutionError {
  override name = "PromQLTooManySamplesError";
  constructor(readonly limit: number) {
    super(`query processing would load too many samples into memory in query execution (limit ${limit})`);
  }
}

/** The query ran past its deadline: HTTP 503 "timeout". */
export class PromQLTimeoutError extends Error {
  override name = "PromQLTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`query timed out in query execution (timeout ${timeoutMs} ms)`);
  }
}

/** The caller aborted the query: "canceled". */
export class PromQLCanceledError extends Error {
  override name = "PromQLCanceledError";
  constructor() {
    super("query was canceled in query execution");
  }
}
