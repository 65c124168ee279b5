/**
 * Calico's label selector language (projectcalico.org/v3 `selector`, `namespaceSelector`, a rule's
 * `selector` / `notSelector`) → an expression tree, then → disjunctive normal form over the model's
 * LabelSelector (matchLabels / matchExpressions), which is what the one evaluator matches.
 *
 * Syntax and meaning from Calico's documentation, "Selectors" (docs.tigera.io/calico/latest/reference/
 * resources/networkpolicy#selectors):
 * - match operators: `all()`, `global()`, `k == 'v'`, `k != 'v'` (also true when `k` is absent), `has(k)`,
 *   `k in {'a','b'}`, `k not in {...}` (also true when absent), `k contains 's'`, `k starts with 's'`,
 *   `k ends with 's'`; strings in single or double quotes;
 * - logical operators, from the highest precedence: the match operators, parentheses, `!`, `&&`, `||`.
 * `!has(k)` is `DoesNotExist`, `!=` and `not in` are `NotIn` (apimachinery's NotIn is also true when the key
 * is absent). Substring operators have no LabelSelector form: `toDnf` reads them wider (`has(k)`, or
 * everything when negated) and says so; `global()` (non-namespaced resources: host endpoints, global network
 * sets) matches no pod and no namespace.
 */
import type { LabelSelector, Requirement } from '../../engine/model.js';

export type CalicoSelector =
  | { readonly op: 'all' | 'global' }
  | { readonly op: 'has'; readonly key: string }
  | { readonly op: 'in' | 'notIn'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith'; readonly key: string; readonly value: string }
  | { readonly op: 'not'; readonly expr: CalicoSelector }
  | { readonly op: 'and' | 'or'; readonly left: CalicoSelector; readonly right: CalicoSelector };

export type ParsedSelector = { readonly ok: true; readonly selector: CalicoSelector } | { readonly ok: false; readonly reason: string; readonly column: number };

/** Label keys: Kubernetes' qualified names (prefix/name), which Calico accepts unquoted. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*/;

/**
 * Parses a Calico selector. An empty string (or only spaces) is `all()`, as an absent selector. Never
 * throws: a syntax error is `{ok: false}` with the reason and the 1-based column it was found at.
 */
export function parseCalicoSelector(text: string): ParsedSelector {
  const p = new Parser(text);
  try {
    p.skip();
    if (p.pos >= text.length) return { ok: true, selector: { op: 'all' } };
    const selector = p.or();
    p.skip();
    if (p.pos < text.length) p.fail(`unexpected ${JSON.stringify(text.slice(p.pos, p.pos + 10))}`);
    return { ok: true, selector };
  } catch (e) {
    if (e instanceof SyntaxFault) return { ok: false, reason: e.message, column: e.column };
    throw e;
  }
}

class SyntaxFault extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(reason: string): never {
    throw new SyntaxFault(reason, this.pos + 1);
  }

  skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  /** Consumes `token` (after spaces) when it comes next; a word must not run on into a key. */
  eat(token: string): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) return false;
    const after = this.text[this.pos + token.length];
    if (/^[a-z]/.test(token) && after !== undefined && /[A-Za-z0-9_.\-/]/.test(after)) return false;
    this.pos += token.length;
    return true;
  }

  expect(token: string, what: string): void {
    if (!this.eat(token)) this.fail(`expected ${what}`);
  }

  or(): CalicoSelector {
    let left = this.and();
    while (this.eat('||')) left = { op: 'or', left, right: this.and() };
    return left;
  }

  and(): CalicoSelector {
    let left = this.unary();
    while (this.eat('&&')) left = { op: 'and', left, right: this.unary() };
    return left;
  }

  unary(): CalicoSelector {
    if (this.eat('!')) return { op: 'not', expr: this.unary() };
    if (this.eat('(')) {
      const inner = this.or();
      this.expect(')', '`)`');
      return inner;
    }
    return this.match();
  }

  match(): CalicoSelector {
    if (this.eat('all')) return this.call('all');
    if (this.eat('global')) return this.call('global');
    if (this.eat('has')) {
      this.expect('(', '`(` after has');
      const key = this.key();
      this.expect(')', '`)` after the label key');
      return { op: 'has', key };
    }
    const key = this.key();
    if (this.eat('==')) return { op: 'eq', key, value: this.string() };
    if (this.eat('!=')) return { op: 'ne', key, value: this.string() };
    if (this.eat('in')) return { op: 'in', key, values: this.set() };
    if (this.eat('not')) {
      this.expect('in', '`in` after `not`');
      return { op: 'notIn', key, values: this.set() };
    }
    if (this.eat('contains')) return { op: 'contains', key, value: this.string() };
    if (this.eat('starts')) {
      this.expect('with', '`with` after `starts`');
      return { op: 'startsWith', key, value: this.string() };
    }
    if (this.eat('ends')) {
      this.expect('with', '`with` after `ends`');
      return { op: 'endsWith', key, value: this.string() };
    }
    return this.fail(`expected an operator (==, !=, in, not in, contains, starts with, ends with) after ${key}`);
  }

  call(op: 'all' | 'global'): CalicoSelector {
    this.expect('(', `\`(\` after ${op}`);
    this.expect(')', `\`)\`: ${op}() takes no argument`);
    return { op };
  }

  key(): string {
    this.skip();
    const m = KEY.exec(this.text.slice(this.pos));
    if (!m) return this.fail(this.pos >= this.text.length ? 'unexpected end: expected a label key' : 'expected a label key');
    this.pos += m[0].length;
    return m[0];
  }

  string(): string {
    this.skip();
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') return this.fail('expected a quoted value');
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) return this.fail('unterminated string');
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  set(): string[] {
    this.expect('{', '`{` to start the set of values');
    const values: string[] = [];
    if (this.eat('}')) return values;
    do values.push(this.string());
    while (this.eat(','));
    this.expect('}', '`,` or `}` in the set of values');
    return values;
  }
}

/** One conjunction of requirements; the empty list matches everything. */
export type SelectorTerm = readonly Requirement[];

export interface SelectorDnf {
  /** Disjunction of terms; none: matches nothing. */
  readonly terms: readonly SelectorTerm[];
  /** What was read wider than written (substring operators, too many terms), for the warning. */
  readonly wider: readonly string[];
  /** `global()` was used: non-namespaced resources, which are no pods nor namespaces. */
  readonly global: boolean;
}

/** Beyond this many terms the selector is read as `all()` (a warning says so): DNF can grow exponentially. */
export const MAX_TERMS = 32;

/** The selector in disjunctive normal form: `a || b` two terms, `!(a && b)` the terms `!a` and `!b`. */
export function toDnf(selector: CalicoSelector): SelectorDnf {
  const wider: string[] = [];
  let global = false;
  let tooMany = false;
  const walk = (e: CalicoSelector, negated: boolean): SelectorTerm[] => {
    switch (e.op) {
      case 'all':
        return negated ? [] : [[]];
      case 'global':
        global = true;
        return negated ? [[]] : [];
      case 'has':
        return [[{ key: e.key, op: negated ? 'DoesNotExist' : 'Exists', values: [] }]];
      case 'eq':
      case 'ne':
        return [[{ key: e.key, op: (e.op === 'eq') !== negated ? 'In' : 'NotIn', values: [e.value] }]];
      case 'in':
      case 'notIn':
        return [[{ key: e.key, op: (e.op === 'in') !== negated ? 'In' : 'NotIn', values: [...new Set(e.values)] }]];
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        // No LabelSelector form: read wider — the key present, or (negated) anything.
        wider.push(`${e.key} ${e.op === 'contains' ? 'contains' : e.op === 'startsWith' ? 'starts with' : 'ends with'} ${JSON.stringify(e.value)}`);
        return negated ? [[]] : [[{ key: e.key, op: 'Exists', values: [] }]];
      case 'not':
        return walk(e.expr, !negated);
      case 'and':
      case 'or': {
        const l = walk(e.left, negated);
        const r = walk(e.right, negated);
        // De Morgan: a negated `and` is an `or` of the negations, and the other way round.
        if ((e.op === 'or') !== negated) return simplify([...l, ...r]);
        const product: SelectorTerm[] = [];
        for (const a of l) for (const b of r) product.push([...a, ...b]);
        const out = simplify(product);
        if (out.length > MAX_TERMS) {
          tooMany = true;
          return [[]];
        }
        return out;
      }
      default: {
        const never: never = e;
        throw new Error(`unknown selector operator ${String(never)}`);
      }
    }
  };
  const terms = walk(selector, false);
  if (tooMany || terms.length > MAX_TERMS) {
    wider.push(`more than ${MAX_TERMS} alternatives once the selector is expanded`);
    return { terms: [[]], wider, global };
  }
  return { terms, wider, global };
}

/** Drops contradictory terms and repeated requirements; a term matching everything absorbs the others. */
function simplify(terms: SelectorTerm[]): SelectorTerm[] {
  const out: SelectorTerm[] = [];
  const seen = new Set<string>();
  for (const t of terms) {
    const reqs = dedupe(t);
    if (reqs === 'none') continue;
    if (reqs.length === 0) return [[]];
    const key = JSON.stringify(reqs);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(reqs);
  }
  return out;
}

function dedupe(term: SelectorTerm): Requirement[] | 'none' {
  const out: Requirement[] = [];
  const seen = new Set<string>();
  for (const r of term) {
    const k = JSON.stringify([r.key, r.op, [...r.values].sort()]);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  // `has(k) && !has(k)`, or `k == 'a' && k == 'b'`: no label set matches.
  for (const r of out) {
    if (r.op === 'DoesNotExist' && out.some((x) => x.key === r.key && (x.op === 'Exists' || x.op === 'In'))) return 'none';
    if (r.op === 'In' && out.some((x) => x.key === r.key && x.op === 'In' && !x.values.some((v) => r.values.includes(v)))) return 'none';
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
}

/** A term as a LabelSelector: `k == 'v'` in matchLabels (as people write it), the rest in expressions. */
export function termSelector(term: SelectorTerm): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const expressions: Requirement[] = [];
  for (const r of term) {
    if (r.op === 'In' && r.values.length === 1 && !(r.key in matchLabels)) matchLabels[r.key] = r.values[0];
    else expressions.push(r);
  }
  return { matchLabels, expressions };
}
