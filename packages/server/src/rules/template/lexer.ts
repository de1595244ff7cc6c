// Splits a template into text and actions, and an action into tokens. Handles trim markers
// ({{- and -}}), comments ({{/* */}}), quoted, raw (`...`) strings.
import { TemplateError } from "../errors.ts";

export type Token =
  | { t: "str"; v: string; at: number }
  | { t: "num"; v: number; at: number }
  | { t: "ident"; v: string; at: number }
  | { t: "field"; v: string[]; at: number }
  | { t: "var"; v: string; chain: string[]; at: number }
  | { t: "op"; v: "|" | "(" | ")" | ":=" | "=" | ","; at: number }
  | { t: "chain"; v: string[]; at: number };

export type Piece = { k: "text"; text: string } | { k: "action"; tokens: Token[]; at: number };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/y;

function fields(src: string, i: number): { chain: string[]; end: number } {
  const chain: string[] = [];
  while (src[i] === ".") {
    IDENT.lastIndex = i + 1;
    const m = IDENT.exec(src);
    if (!m) break;
    chain.push(m[0]);
    i = IDENT.lastIndex;
  }
  return { chain, end: i };
}

function tokenizeAction(src: string, start: number): { tokens: Token[]; end: number; trimRight: boolean } {
  const tokens: Token[] = [];
  let i = start;
  for (;;) {
    while (i < src.length && /\s/.test(src[i]!)) {
      if (src.startsWith("-}}", i + 1) && /\s/.test(src[i]!)) return { tokens, end: i + 4, trimRight: true };
      i++;
    }
    if (i >= src.length) throw new TemplateError("unclosed action", start);
    if (src.startsWith("}}", i)) return { tokens, end: i + 2, trimRight: false };
    const c = src[i]!;
    const at = i;
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\") j++;
        if (src[j] === "\n") throw new TemplateError("unterminated quoted string", at);
        j++;
      }
      if (j >= src.length) throw new TemplateError("unterminated quoted string", at);
      let v: string;
      try {
        v = JSON.parse(src.slice(i, j + 1).replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\'/g, "'")) as string;
      } catch {
        throw new TemplateError(`bad quoted string ${src.slice(i, j + 1)}`, at);
      }
      tokens.push({ t: "str", v, at });
      i = j + 1;
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) throw new TemplateError("unterminated raw quoted string", at);
      tokens.push({ t: "str", v: src.slice(i + 1, j), at });
      i = j + 1;
    } else if (c === "|" || c === "(" || c === ")" || c === "," || c === "=") {
      tokens.push({ t: "op", v: c, at });
      i++;
    } else if (c === ":" && src[i + 1] === "=") {
      tokens.push({ t: "op", v: ":=", at });
      i += 2;
    } else if (c === "$") {
      IDENT.lastIndex = i + 1;
      const m = IDENT.exec(src);
      const name = m ? `$${m[0]}` : "$";
      const f = fields(src, m ? IDENT.lastIndex : i + 1);
      tokens.push({ t: "var", v: name, chain: f.chain, at });
      i = f.end;
    } else if (c === "." && !/[0-9]/.test(src[i + 1] ?? "")) {
      const f = fields(src, i);
      const prev = tokens[tokens.length - 1];
      if (f.chain.length > 0 && prev?.t === "op" && prev.v === ")" && src[i - 1] === ")") {
        tokens.push({ t: "chain", v: f.chain, at });
      } else tokens.push({ t: "field", v: f.chain, at });
      i = f.chain.length === 0 ? i + 1 : f.end;
    } else if (/[0-9+\-.]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      if (!m) throw new TemplateError(`bad number syntax: ${src.slice(i, i + 10)}`, at);
      const v = Number(m[0].replace(/_/g, ""));
      if (Number.isNaN(v)) throw new TemplateError(`bad number syntax: ${m[0]}`, at);
      tokens.push({ t: "num", v, at });
      i = NUMBER.lastIndex;
    } else if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(src)!;
      tokens.push({ t: "ident", v: m[0], at });
      i = IDENT.lastIndex;
    } else {
      throw new TemplateError(`unexpected "${c}" in command`, at);
    }
  }
}

/** Text and tokenized actions, trim markers applied; comments dropped. */
export function lex(src: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  while (i <= src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, "");
    trimNext = false;
    if (open < 0) {
      if (text) pieces.push({ k: "text", text });
      break;
    }
    let start = open + 2;
    if (src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start)) {
      text = text.replace(/\s+$/, "");
      start += 2;
    }
    if (text) pieces.push({ k: "text", text });
    const rest = src.slice(start).trimStart();
    if (rest.startsWith("/*")) {
      const close = src.indexOf("*/", start);
      if (close < 0) throw new TemplateError("unclosed comment", open);
      const after = src.slice(close + 2);
      const m = /^(\s+-)?}}/.exec(after) ?? /^\s*}}/.exec(after);
      if (!m) throw new TemplateError("comment ends before closing delimiter", close);
      trimNext = m[0].includes("-");
      i = close + 2 + m[0].length;
      continue;
    }
    const { tokens, end, trimRight } = tokenizeAction(src, start);
    pieces.push({ k: "action", tokens, at: open });
    trimNext = trimRight;
    i = end;
  }
  return pieces;
}
