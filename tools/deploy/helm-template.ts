/**
 * Renders the chart's templates without Helm (no Helm binary here): the subset of
 * Go templates and Sprig the chart uses, and nothing more. Anything else is an
 * error, so a template the renderer does not understand fails CI instead of being
 * rendered wrongly. Supported: `{{ value }}` with `.Values.a.b`, `$.Release.Name`,
 * `$var.field`, string and number literals, `( ... )`; pipelines with `quote`,
 * `upper`, `toYaml`, `nindent N`, `indent N`, `required "msg" v`, `default d v`,
 * `not v`; `{{ if }} / {{ else }} / {{ end }}`; `{{ range $k, $v := map }}`
 * (keys in sorted order, as Go does); `{{-` / `-}}` whitespace trimming.
 */
import { stringify } from "yaml";

type Scope = Record<string, unknown>;
type Node =
  | { kind: "text"; text: string }
  | { kind: "value"; expr: string }
  | { kind: "if"; expr: string; then: Node[]; else: Node[] }
  | { kind: "range"; key: string; value: string; expr: string; body: Node[] };

interface Action {
  text: string;
  trimBefore: boolean;
  trimAfter: boolean;
}

function tokenize(source: string): (string | Action)[] {
  const parts: (string | Action)[] = [];
  const pattern = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    parts.push(source.slice(last, match.index));
    parts.push({ text: match[2] ?? "", trimBefore: match[1] === "-", trimAfter: match[3] === "-" });
    last = pattern.lastIndex;
  }
  parts.push(source.slice(last));
  // Trim markers eat the whitespace next to them, newlines included.
  parts.forEach((part, i) => {
    if (typeof part === "string") return;
    const before = parts[i - 1];
    const after = parts[i + 1];
    if (part.trimBefore && typeof before === "string") parts[i - 1] = before.replace(/\s+$/, "");
    if (part.trimAfter && typeof after === "string") parts[i + 1] = after.replace(/^\s+/, "");
  });
  return parts;
}

function parse(parts: (string | Action)[]): Node[] {
  let i = 0;
  function block(terminators: readonly string[]): { nodes: Node[]; end: string } {
    const nodes: Node[] = [];
    for (let part = parts[i++]; part !== undefined; part = parts[i++]) {
      if (typeof part === "string") {
        if (part) nodes.push({ kind: "text", text: part });
        continue;
      }
      const word = part.text.split(/\s+/)[0] ?? "";
      if (terminators.includes(word)) return { nodes, end: word };
      if (word === "if") {
        const then = block(["else", "end"]);
        const otherwise = then.end === "else" ? block(["end"]).nodes : [];
        nodes.push({ kind: "if", expr: part.text.slice(2).trim(), then: then.nodes, else: otherwise });
      } else if (word === "range") {
        const [, key, value, expr] = /^range\s+(\$\w+)\s*,\s*(\$\w+)\s*:=\s*(.+)$/.exec(part.text) ?? [];
        if (!key || !value || !expr) throw new Error(`unsupported range: {{ ${part.text} }}`);
        nodes.push({ kind: "range", key, value, expr, body: block(["end"]).nodes });
      } else if (["else", "end", "define", "template", "with", "block", "include"].includes(word)) {
        throw new Error(`unsupported or unbalanced action: {{ ${part.text} }}`);
      } else {
        nodes.push({ kind: "value", expr: part.text });
      }
    }
    if (terminators.length > 0) throw new Error(`missing {{ end }}`);
    return { nodes, end: "" };
  }
  return block([]).nodes;
}

/** Splits on a separator outside quotes and parentheses. */
function split(text: string, separator: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (!quoted && char === "(") depth++;
    if (!quoted && char === ")") depth--;
    if (!quoted && depth === 0 && separator.test(char)) {
      if (current.trim()) out.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function lookup(path: string[], from: unknown, text: string): unknown {
  let value = from;
  for (const key of path) {
    if (value === null || typeof value !== "object") throw new Error(`${text}: nothing at ${key}`);
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function operand(text: string, scope: Scope): unknown {
  if (text.startsWith("(") && text.endsWith(")")) return pipeline(text.slice(1, -1), scope);
  if (text.startsWith('"')) return JSON.parse(text);
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text.startsWith(".")) return lookup(text.slice(1).split("."), scope["$"], text);
  if (text.startsWith("$")) {
    const [name = "", ...path] = text.split(".");
    if (!(name in scope)) throw new Error(`unknown variable ${name}`);
    return lookup(path, scope[name], text);
  }
  throw new Error(`unsupported operand: ${text}`);
}

/** A scalar as Go prints it; maps and lists have no text form in these templates. */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`cannot print ${JSON.stringify(value)} (use toYaml)`);
}

const truthy = (value: unknown) =>
  !(
    value === undefined ||
    value === null ||
    value === false ||
    value === "" ||
    value === 0 ||
    (typeof value === "object" && Object.keys(value).length === 0)
  );
const indent = (spaces: number, text: string) =>
  text
    .split("\n")
    .map((line) => (line ? " ".repeat(spaces) + line : line))
    .join("\n");

const functions: Record<string, (...args: unknown[]) => unknown> = {
  quote: (value) => JSON.stringify(value === undefined || value === null ? "" : text(value)),
  upper: (value) => text(value).toUpperCase(),
  toYaml: (value) => stringify(value).trimEnd(),
  indent: (spaces, block) => indent(Number(spaces), text(block)),
  nindent: (spaces, block) => `\n${indent(Number(spaces), text(block))}`,
  required: (message, value) => {
    if (!truthy(value)) throw new Error(`required value missing: ${text(message)}`);
    return value;
  },
  default: (fallback, value) => (truthy(value) ? value : fallback),
  not: (value) => !truthy(value),
};

function command(source: string, scope: Scope, piped: unknown[]): unknown {
  const words = split(source, /\s/);
  const name = words[0] ?? "";
  const fn = functions[name];
  if (!fn) {
    if (words.length > 1 || piped.length > 0) throw new Error(`unsupported function: ${name}`);
    return operand(name, scope);
  }
  return fn(...words.slice(1).map((word) => operand(word, scope)), ...piped);
}

function pipeline(text: string, scope: Scope): unknown {
  const stages = split(text, /\|/);
  let value: unknown;
  stages.forEach((stage, index) => {
    value = command(stage, scope, index === 0 ? [] : [value]);
  });
  return value;
}

function render(nodes: Node[], scope: Scope): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "value") {
      const value = pipeline(node.expr, scope);
      if (value === undefined || value === null) throw new Error(`{{ ${node.expr} }} has no value`);
      out += text(value);
    } else if (node.kind === "if") out += render(truthy(pipeline(node.expr, scope)) ? node.then : node.else, scope);
    else {
      const collection = pipeline(node.expr, scope);
      if (collection === null || typeof collection !== "object") throw new Error(`range over a non-map: ${node.expr}`);
      for (const key of Object.keys(collection).sort()) {
        out += render(node.body, {
          ...scope,
          [node.key]: key,
          [node.value]: (collection as Record<string, unknown>)[key],
        });
      }
    }
  }
  return out;
}

/** Renders one template with `.Values`, `.Release` and `.Chart` as Helm would. */
export function renderTemplate(source: string, root: { Values: unknown; Release: unknown; Chart: unknown }): string {
  return render(parse(tokenize(source)), { $: root });
}
