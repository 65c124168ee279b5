/**
 * Calico's selector language (docs.tigera.io, "Selectors"): every operator parses, precedence is the
 * documented one, syntax errors say where, and the DNF over LabelSelectors matches exactly the label sets
 * the expression does (checked against a direct reading of the documented operators on random labels).
 */
import fc from 'fast-check';
import type { Labels } from '../../src/engine/model.js';
import { matches } from '../../src/engine/selectors.js';
import type { CalicoSelector } from '../../src/manifests/kinds/calico-selector.js';
import { MAX_TERMS, parseCalicoSelector, termSelector, toDnf } from '../../src/manifests/kinds/calico-selector.js';
import { calicoSelectorMatches } from '../reference/calico-selector.js';

function parse(text: string): CalicoSelector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(`${text}: ${r.reason} at column ${r.column}`);
  return r.selector;
}

/** Does the DNF of `text` match `labels`? */
function dnfMatches(text: string, labels: Labels): boolean {
  return toDnf(parse(text)).terms.some((t) => matches(termSelector(t), labels));
}

describe('parseCalicoSelector: every operator', () => {
  const cases: [string, CalicoSelector][] = [
    ['all()', { op: 'all' }],
    ['', { op: 'all' }],
    ['global()', { op: 'global' }],
    ["app == 'web'", { op: 'eq', key: 'app', value: 'web' }],
    ['app=="web"', { op: 'eq', key: 'app', value: 'web' }],
    ["app != 'web'", { op: 'ne', key: 'app', value: 'web' }],
    ['has(app.kubernetes.io/name)', { op: 'has', key: 'app.kubernetes.io/name' }],
    ["tier in {'a', 'b'}", { op: 'in', key: 'tier', values: ['a', 'b'] }],
    ['tier in {}', { op: 'in', key: 'tier', values: [] }],
    ["tier not in {'a'}", { op: 'notIn', key: 'tier', values: ['a'] }],
    ["app contains 'we'", { op: 'contains', key: 'app', value: 'we' }],
    ["app starts with 'w'", { op: 'startsWith', key: 'app', value: 'w' }],
    ["app ends with 'b'", { op: 'endsWith', key: 'app', value: 'b' }],
    ['!has(a)', { op: 'not', expr: { op: 'has', key: 'a' } }],
    ["projectcalico.org/namespace == 'shop'", { op: 'eq', key: 'projectcalico.org/namespace', value: 'shop' }],
  ];
  it.each(cases)('%s', (text, want) => expect(parse(text)).toEqual(want));

  it('&& binds tighter than ||, ! tighter than && (the documented example)', () => {
    const e = parse("! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}");
    expect(e).toEqual({
      op: 'or',
      left: { op: 'not', expr: { op: 'has', key: 'my-label' } },
      right: { op: 'and', left: { op: 'startsWith', key: 'my-label', value: 'prod' }, right: { op: 'in', key: 'role', values: ['frontend', 'business'] } },
    });
  });

  it('parentheses group', () => {
    expect(parse("(a == 'x' || b == 'y') && has(c)")).toEqual({
      op: 'and',
      left: { op: 'or', left: { op: 'eq', key: 'a', value: 'x' }, right: { op: 'eq', key: 'b', value: 'y' } },
      right: { op: 'has', key: 'c' },
    });
  });

  it('a key that begins like a keyword is a key', () => {
    expect(parse("allowed == 'x' && hasher == 'y' && index in {'1'}")).toEqual({
      op: 'and',
      left: { op: 'and', left: { op: 'eq', key: 'allowed', value: 'x' }, right: { op: 'eq', key: 'hasher', value: 'y' } },
      right: { op: 'in', key: 'index', values: ['1'] },
    });
  });
});

describe('parseCalicoSelector: syntax errors say what and where', () => {
  const cases: [string, string, number][] = [
    ["app = 'web'", 'expected an operator', 5],
    ['app == web', 'expected a quoted value', 8],
    ["app == 'web", 'unterminated string', 8],
    ["(app == 'web'", 'expected `)`', 14],
    ["app == 'web' &&", 'unexpected end: expected a label key', 16],
    ["app == 'web' extra", 'unexpected', 14],
    ['has app', '`(` after has', 5],
    ["tier in {'a' 'b'}", '`,` or `}`', 14],
    ['all(x)', 'takes no argument', 5],
    ["tier not {'a'}", '`in` after `not`', 10],
  ];
  it.each(cases)('%s', (text, reason, column) => {
    const r = parseCalicoSelector(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain(reason);
    expect(r.column).toBe(column);
  });
});

describe('toDnf', () => {
  it('|| gives one term per side; && inside a term', () => {
    const d = toDnf(parse("a == 'x' || b == 'y' && has(c)"));
    expect(d.terms.map((t) => termSelector(t))).toEqual([
      { matchLabels: { a: 'x' }, expressions: [] },
      { matchLabels: { b: 'y' }, expressions: [{ key: 'c', op: 'Exists', values: [] }] },
    ]);
    expect(d.wider).toEqual([]);
  });

  it('!= and not in are NotIn (true when the key is absent), !has is DoesNotExist', () => {
    expect(dnfMatches("app != 'web'", {})).toBe(true);
    expect(dnfMatches("app not in {'web'}", {})).toBe(true);
    expect(dnfMatches("app != 'web'", { app: 'web' })).toBe(false);
    expect(dnfMatches('!has(app)', {})).toBe(true);
    expect(dnfMatches('!has(app)', { app: '' })).toBe(false);
  });

  it('negation pushes through && and || (De Morgan)', () => {
    const d = toDnf(parse("!(a == 'x' && has(b))"));
    expect(d.terms).toEqual([[{ key: 'a', op: 'NotIn', values: ['x'] }], [{ key: 'b', op: 'DoesNotExist', values: [] }]]);
  });

  it('all() is one empty term, !all() none; contradictions drop out', () => {
    expect(toDnf(parse('all()')).terms).toEqual([[]]);
    expect(toDnf(parse('!all()')).terms).toEqual([]);
    expect(toDnf(parse('has(a) && !has(a)')).terms).toEqual([]);
    expect(toDnf(parse("a == 'x' && a == 'y'")).terms).toEqual([]);
    expect(toDnf(parse("a == 'x' || all()")).terms).toEqual([[]]);
  });

  it('global() matches no pod or namespace, and is flagged', () => {
    const d = toDnf(parse('global()'));
    expect(d.terms).toEqual([]);
    expect(d.global).toBe(true);
  });

  it('substring operators are read wider and named', () => {
    const d = toDnf(parse("app starts with 'w' && tier == 'x'"));
    expect(d.wider).toEqual(['app starts with "w"']);
    expect(d.terms).toEqual([[{ key: 'app', op: 'Exists', values: [] }, { key: 'tier', op: 'In', values: ['x'] }]]);
    expect(toDnf(parse("!(app contains 'w')")).terms).toEqual([[]]);
  });

  it('an expansion beyond MAX_TERMS is read as all(), and said', () => {
    const clause = (i: number) => `(a${i} == 'x' || b${i} == 'y')`;
    const d = toDnf(parse(Array.from({ length: 6 }, (_, i) => clause(i)).join(' && ')));
    expect(2 ** 6).toBeGreaterThan(MAX_TERMS);
    expect(d.terms).toEqual([[]]);
    expect(d.wider[0]).toContain(`more than ${MAX_TERMS}`);
  });
});

describe('toDnf agrees with the documented meaning on random selectors and labels', () => {
  const keys = ['a', 'b', 'c'];
  const values = ['x', 'y', ''];
  const leaf: fc.Arbitrary<string> = fc.oneof(
    fc.constant('all()'),
    fc.constantFrom(...keys).map((k) => `has(${k})`),
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom('==', '!='), fc.constantFrom(...values)).map(([k, op, v]) => `${k} ${op} '${v}'`),
    fc.tuple(fc.constantFrom(...keys), fc.constantFrom('in', 'not in'), fc.subarray(values)).map(([k, op, vs]) => `${k} ${op} {${vs.map((v) => `'${v}'`).join(', ')}}`),
  );
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('e').map((e) => `!(${e})`), fc.tuple(tie('e'), fc.constantFrom('&&', '||'), tie('e')).map(([l, op, r]) => `(${l}) ${op} (${r})`)),
  })).e;
  const labels: fc.Arbitrary<Labels> = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });

  it('matches the same label sets', () => {
    fc.assert(
      fc.property(expr, fc.array(labels, { minLength: 1, maxLength: 8 }), (text, sets) => {
        const e = parse(text);
        const d = toDnf(e);
        if (d.wider.length > 0) return; // read as all(): only beyond MAX_TERMS here
        for (const l of sets) expect(d.terms.some((t) => matches(termSelector(t), l))).toBe(calicoSelectorMatches(e, l));
      }),
      { numRuns: 300 },
    );
  });
});
