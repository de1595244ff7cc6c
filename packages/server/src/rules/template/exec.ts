// Executes a parsed template over plain data. Interprets the AST; never evaluates code.
import { TemplateError } from "../errors.ts";
import type { Arg, Node, Pipe } from "./ast.ts";
import { goPrint } from "./go-format.ts";
import type { Value } from "./functions.ts";
import { FUNCTIONS, truthy } from "./functions.ts";

interface Scope {
  dot: Value;
  vars: Map<string, Value>[];
}

function lookupVar(sc: Scope, name: string): Value {
  for (let i = sc.vars.length - 1; i >= 0; i--) if (sc.vars[i]!.has(name)) return sc.vars[i]!.get(name);
  throw new TemplateError(`undefined variable "${name}"`);
}

function field(v: Value, chain: readonly string[]): Value {
  let cur = v;
  for (const f of chain) {
    if (cur && typeof cur === "object" && !Array.isArray(cur)) {
      const obj = cur as Record<string, Value>;
      // Maps (labels) with missingkey=zero give "" for a missing key.
      cur = f in obj ? obj[f] : "";
    } else {
      throw new TemplateError(`can't evaluate field ${f} in type ${typeof cur === "number" ? "float64" : typeof cur}`);
    }
  }
  return cur;
}

function evalArg(sc: Scope, a: Arg): Value {
  switch (a.k) {
    case "dot":
      return field(sc.dot, a.chain);
    case "var":
      return field(lookupVar(sc, a.name), a.chain);
    case "str":
    case "num":
    case "bool":
      return a.v;
    case "nil":
      return null;
    case "fn":
      return call(a.name, []);
    case "pipe":
      return field(evalPipe(sc, a.pipe), a.chain);
  }
}

function call(name: string, args: Value[]): Value {
  const fn = FUNCTIONS[name];
  if (!fn) throw new TemplateError(`function "${name}" not defined`);
  try {
    return fn(...args);
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`error calling ${name}: ${(err as Error).message}`);
  }
}

function evalPipe(sc: Scope, pipe: Pipe): Value {
  let value: Value;
  let first = true;
  for (const cmd of pipe.cmds) {
    const head = cmd[0]!;
    if (head.k === "fn") {
      const args = cmd.slice(1).map((a) => evalArg(sc, a));
      if (!first) args.push(value);
      value = call(head.name, args);
    } else {
      if (!first) throw new TemplateError("can't give argument to non-function");
      value = evalArg(sc, head);
    }
    first = false;
  }
  if (pipe.vars.length > 0) {
    if (pipe.assign) {
      for (const frame of [...sc.vars].reverse()) {
        if (frame.has(pipe.vars[0]!)) {
          frame.set(pipe.vars[0]!, value);
          break;
        }
      }
    } else sc.vars[sc.vars.length - 1]!.set(pipe.vars[pipe.vars.length - 1]!, value);
  }
  return value;
}

function run(sc: Scope, nodes: readonly Node[], out: string[]): void {
  for (const n of nodes) {
    switch (n.k) {
      case "text":
        out.push(n.text);
        break;
      case "action": {
        const v = evalPipe(sc, n.pipe);
        if (n.pipe.vars.length === 0) out.push(goPrint(v));
        break;
      }
      case "if":
      case "with": {
        sc.vars.push(new Map());
        const v = evalPipe(sc, n.pipe);
        if (truthy(v)) run(n.k === "with" ? { dot: v, vars: sc.vars } : sc, n.body, out);
        else if (n.otherwise) run(sc, n.otherwise, out);
        sc.vars.pop();
        break;
      }
      case "range": {
        sc.vars.push(new Map());
        const decl = n.pipe.vars;
        const v = evalPipe({ dot: sc.dot, vars: sc.vars }, { ...n.pipe, vars: [] });
        const entries: [Value, Value][] = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : v && typeof v === "object"
            ? Object.keys(v).sort().map((k) => [k, (v as Record<string, Value>)[k]])
            : [];
        if (v !== null && v !== undefined && typeof v !== "object") throw new TemplateError(`range can't iterate over ${goPrint(v)}`);
        if (entries.length === 0 && n.otherwise) run(sc, n.otherwise, out);
        for (const [k, x] of entries) {
          const frame = sc.vars[sc.vars.length - 1]!;
          if (decl.length === 1) frame.set(decl[0]!, x);
          if (decl.length === 2) {
            frame.set(decl[0]!, k);
            frame.set(decl[1]!, x);
          }
          run({ dot: x, vars: sc.vars }, n.body, out);
        }
        sc.vars.pop();
        break;
      }
    }
  }
}

/** Runs the template with `.` = data and the given variables; throws TemplateError on failure. */
export function execute(nodes: readonly Node[], data: Value, variables: Record<string, Value>): string {
  const out: string[] = [];
  run({ dot: data, vars: [new Map(Object.entries(variables))] }, nodes, out);
  return out.join("");
}
