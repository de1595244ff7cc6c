import type { CliIO, Command } from "./command.ts";
import { UsageError } from "./command.ts";
import { demoCommand } from "./commands/demo.ts";
import { rulesCommand } from "./commands/rules.ts";
import { queryCommand } from "./commands/query.ts";
import { serveCommand } from "./commands/serve.ts";
import { statusCommand } from "./commands/status.ts";

const COMMANDS: Command[] = [demoCommand, statusCommand, serveCommand, rulesCommand, queryCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "usage: zoosight <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `zoosight <command> --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`zoosight: unknown command '${name}' (try: ${COMMANDS.map((c) => c.name).join(", ")})\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`zoosight ${name}: ${err.message}\n`);
      return 2;
    }
    const e = err as Error;
    io.stderr(`zoosight ${name}: ${e.name}: ${e.message}\n`);
    return 1;
  }
}

/** Runs the CLI in this process with the real stdio, signals and environment. */
export function runCli(): void {
  const interrupted = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    interrupted,
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
