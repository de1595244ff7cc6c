// Parses a Go text/template (the subset Prometheus rule templates use) into an AST, with the
// checks Go's parser makes: unknown functions, undefined variables, unbalanced if/range/end.
// Parsing never executes anything.
import { TemplateError } from "../errors.ts";
import type { Arg, Cmd, Node, Pipe } from "./ast.ts";
import type { Piece, Token } from "./lexer.ts";
import { lex } from "./lexer.ts";

/** Variables Prometheus defines before every alert template. */
export const PROMETHEUS_VARIABLES = ["$", "$labels", "$externalLabels", "$externalURL", "$value"];

interface State {
  pieces: Piece[];
  pos: number;
  scopes: Set<string>[];
  functions: ReadonlySet<string>;
}

function defined(s: State, name: string): boolean {
  return s.scopes.some((sc) => sc.has(name));
}

class TokenReader {
  i = 0;
  constructor(
    readonly tokens: Token[],
    readonly at: number,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  fail(msg: string): never {
    throw new TemplateError(msg, this.peek()?.at ?? this.at);
  }
}

function parseArg(s: State, r: TokenReader): Arg | undefined {
  const t = r.peek();
  if (!t || (t.t === "op" && t.v !== "(")) return undefined;
  r.next();
  switch (t.t) {
    case "str":
      return { k: "str", v: t.v };
    case "num":
      return { k: "num", v: t.v };
    case "field":
      return { k: "dot", chain: t.v };
    case "var":
      if (!defined(s, t.v)) throw new TemplateError(`undefined variable "${t.v}"`, t.at);
      return { k: "var", name: t.v, chain: t.chain };
    case "ident":
      if (t.v === "true" || t.v === "false") return { k: "bool", v: t.v === "true" };
      if (t.v === "nil") return { k: "nil" };
      if (!s.functions.has(t.v)) throw new TemplateError(`function "${t.v}" not defined`, t.at);
      return { k: "fn", name: t.v };
    case "chain":
      throw new TemplateError("unexpected field chain", t.at);
    case "op": {
      const pipe = parsePipe(s, r, false);
      const close = r.next();
      if (close?.t !== "op" || close.v !== ")") r.fail("unclosed left paren");
      const after = r.peek();
      if (after?.t === "chain") {
        r.next();
        return { k: "pipe", pipe, chain: after.v };
      }
      return { k: "pipe", pipe, chain: [] };
    }
  }
}

function parsePipe(s: State, r: TokenReader, allowDecl: boolean): Pipe {
  const pipe: Pipe = { vars: [], assign: false, cmds: [] };
  if (allowDecl) {
    const save = r.i;
    const vars: string[] = [];
    for (;;) {
      const t = r.peek();
      if (t?.t !== "var" || t.chain.length > 0) break;
      r.next();
      vars.push(t.v);
      const sep = r.peek();
      if (sep?.t === "op" && sep.v === ",") {
        r.next();
        continue;
      }
      break;
    }
    const op = r.peek();
    if (vars.length > 0 && op?.t === "op" && (op.v === ":=" || op.v === "=")) {
      r.next();
      pipe.vars = vars;
      pipe.assign = op.v === "=";
      if (pipe.assign) for (const v of vars) if (!defined(s, v)) throw new TemplateError(`undefined variable "${v}"`, op.at);
    } else r.i = save;
  }
  for (;;) {
    const cmd: Cmd = [];
    for (let a = parseArg(s, r); a; a = parseArg(s, r)) cmd.push(a);
    if (cmd.length === 0) r.fail(pipe.cmds.length === 0 ? "missing value for command" : "missing command after |");
    if (cmd.length > 1 && cmd[0]!.k !== "fn") r.fail("can't give argument to non-function");
    pipe.cmds.push(cmd);
    const t = r.peek();
    if (t?.t === "op" && t.v === "|") {
      r.next();
      continue;
    }
    break;
  }
  if (!pipe.assign) for (const v of pipe.vars) s.scopes[s.scopes.length - 1]!.add(v);
  return pipe;
}

function fullPipe(s: State, r: TokenReader, allowDecl: boolean): Pipe {
  const pipe = parsePipe(s, r, allowDecl);
  const t = r.peek();
  if (t) r.fail(t.t === "op" && t.v === ")" ? "unexpected right paren" : "unexpected token in operand");
  return pipe;
}

type End = { kind: "end" } | { kind: "else"; reader: TokenReader } | { kind: "eof" };

function parseList(s: State, inBlock: boolean): { nodes: Node[]; end: End } {
  const nodes: Node[] = [];
  while (s.pos < s.pieces.length) {
    const p = s.pieces[s.pos++]!;
    if (p.k === "text") {
      nodes.push({ k: "text", text: p.text });
      continue;
    }
    const r = new TokenReader(p.tokens, p.at);
    const first = r.peek();
    if (!first) r.fail("missing value for command");
    const keyword = first?.t === "ident" ? first.v : "";
    if (keyword === "end" || keyword === "else") {
      if (!inBlock) r.fail(`unexpected {{${keyword}}}`);
      r.next();
      if (keyword === "end") {
        if (r.peek()) r.fail("unexpected token in end");
        return { nodes, end: { kind: "end" } };
      }
      return { nodes, end: { kind: "else", reader: r } };
    }
    if (keyword === "if" || keyword === "range" || keyword === "with") {
      r.next();
      nodes.push(parseBlock(s, keyword, r));
    } else if (keyword === "template" || keyword === "define" || keyword === "block" || keyword === "break" || keyword === "continue") {
      r.fail(`{{${keyword}}} is not supported in rule templates`);
    } else {
      nodes.push({ k: "action", pipe: fullPipe(s, r, true) });
    }
  }
  return { nodes, end: { kind: "eof" } };
}

function parseBlock(s: State, kind: "if" | "range" | "with", r: TokenReader): Node {
  s.scopes.push(new Set());
  const pipe = fullPipe(s, r, true);
  const body = parseList(s, true);
  let otherwise: Node[] | undefined;
  if (body.end.kind === "eof") r.fail(`unexpected EOF in ${kind}`);
  if (body.end.kind === "else") {
    const er = body.end.reader;
    const next = er.peek();
    if (next?.t === "ident" && (next.v === "if" || next.v === "with") && kind === next.v) {
      // {{else if ...}}: a nested block that shares this block's {{end}}.
      er.next();
      otherwise = [parseBlock(s, next.v, er)];
    } else {
      if (next) er.fail("unexpected token in else");
      const rest = parseList(s, true);
      if (rest.end.kind !== "end") er.fail(`expected end; found ${rest.end.kind === "eof" ? "EOF" : "else"}`);
      otherwise = rest.nodes;
    }
  }
  s.scopes.pop();
  return { k: kind, pipe, body: body.nodes, otherwise };
}

/** Parses `text`; throws TemplateError (with the offset) when Go's parser would refuse it. */
export function parseTemplate(text: string, functions: ReadonlySet<string>, variables: readonly string[] = PROMETHEUS_VARIABLES): Node[] {
  const s: State = { pieces: lex(text), pos: 0, scopes: [new Set(variables)], functions };
  const { nodes } = parseList(s, false);
  return nodes;
}
