/** A bad configuration file: names the file, the line and the key. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly file: string;
  readonly line: number;
  readonly key: string;

  constructor(file: string, line: number, key: string, problem: string) {
    super(`${file}:${line}: ${key}: ${problem}`);
    this.file = file;
    this.line = line;
    this.key = key;
  }
}
