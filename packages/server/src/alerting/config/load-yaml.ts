/** Reads the alerting part straight from zoosight.yaml text, so errors name file:line:key. */
import { readFile } from "node:fs/promises";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { AlertingConfigError } from "./config-error.ts";
import { type ConfigSource, type Path, parseAlertingConfig } from "./parse-config.ts";
import type { AlertingConfig } from "./types.ts";

export function parseAlertingYaml(text: string, file: string): AlertingConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new AlertingConfigError("(syntax)", e.message.split("\n")[0]!, file, lines.linePos(e.pos[0]).line);
  }
  const source: ConfigSource = {
    file,
    lineOf(path: Path) {
      let node: unknown = doc.contents;
      for (const p of path) {
        if (isMap(node)) {
          const pair = node.items.find((it) => (it.key as { value?: unknown })?.value === p);
          if (!pair) return undefined;
          // the key's line for a mapping entry: that is where the user looks
          if (p === path[path.length - 1]) node = pair.key;
          else node = pair.value;
        } else if (isSeq(node) && typeof p === "number") node = node.items[p];
        else return undefined;
      }
      const range = (node as Node | undefined)?.range;
      return range ? lines.linePos(range[0]).line : undefined;
    },
  };
  return parseAlertingConfig(doc.toJS(), source);
}

export async function loadAlertingConfig(file: string): Promise<AlertingConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new AlertingConfigError("(file)", `cannot read: ${(err as NodeJS.ErrnoException).code ?? "error"}`, file, 0);
  }
  return parseAlertingYaml(text, file);
}
