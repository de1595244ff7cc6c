/** A bad alerting configuration: names the key path, and file:line when the source is known. Never echoes secrets. */
export class AlertingConfigError extends Error {
  override name = "AlertingConfigError";
  constructor(
    readonly key: string,
    readonly problem: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(`${file !== undefined ? `${file}:${line ?? 0}: ` : ""}${key}: ${problem}`);
  }
}
