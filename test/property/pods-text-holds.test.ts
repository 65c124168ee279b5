/**
 * A text name of pods the manifests do not hold (report/pods-text.ts) never claims pods its peer does not
 * hold unless it says it is a summary: for random peers (every matchExpressions operator, namespaces by
 * name, by labels and by the name label, short and long keys), random exceptions (some the peer with more
 * requirements, some not) and a random pod, the set the text describes — read back by the small reader
 * below, which knows only the text — holds every pod of the peer less its exceptions; and when the text
 * counts nothing (no `+N exclusions`, no `and N more`) it holds exactly those pods.
 */
import fc from 'fast-check';
import type { AbstractPeer, Labels, LabelSelector, Requirement } from '../../src/engine/index.js';
import { abstractPeer, abstractPeerMatches, matches } from '../../src/engine/index.js';
import { podsExceptText } from '../../src/report/pods-text.js';
import { params } from './harness.js';

const NAME = 'kubernetes.io/metadata.name';
const KEYS = ['app', 'tier', 'example.com/a-long-label-key-for-component', 'example.com/another-long-label-key'];
const VALUES = ['a', 'b', '', 'a-long-value-of-some-length'];
const NAMESPACES = ['ns1', 'ns2', 'ns3', 'ns4', 'ns5'];

const requirement = (keys: readonly string[], values: readonly string[]): fc.Arbitrary<Requirement> =>
  fc.record({ key: fc.constantFrom(...keys), op: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist' as const), values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }) }).map((r) =>
    r.op === 'Exists' || r.op === 'DoesNotExist' ? { key: r.key, op: r.op, values: [] } : r,
  );

const selector = (keys: readonly string[], values: readonly string[], max: number): fc.Arbitrary<LabelSelector> =>
  fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }), expressions: fc.array(requirement(keys, values), { maxLength: max }) });

const namespacePart: fc.Arbitrary<string | LabelSelector> = fc.oneof(
  fc.constantFrom(...NAMESPACES),
  selector(['team', ...KEYS.slice(2)], VALUES, 3),
  selector([NAME, 'team'], [...NAMESPACES, 'x'], 3),
);

/** A peer and exceptions: some the peer with more requirements, some any peer. */
const peerWithExceptions = fc
  .record({ ns: namespacePart, pods: selector(KEYS, VALUES, 5), more: fc.array(fc.oneof(selector(KEYS, VALUES, 2).map((s) => ({ extra: s })), fc.record({ ns: namespacePart, pods: selector(KEYS, VALUES, 3) })), { maxLength: 6 }) })
  .map(({ ns, pods, more }) => {
    const peer = abstractPeer(ns, pods);
    const except = more.map((m) => ('extra' in m ? abstractPeer(ns, { matchLabels: { ...pods.matchLabels, ...m.extra.matchLabels }, expressions: [...pods.expressions, ...m.extra.expressions] }) : abstractPeer(m.ns, m.pods)));
    return { peer, except };
  });

/**
 * A peer chosen by namespace labels less whole namespaces (by name, every pod of the peer there) and
 * exceptions in its namespaces, or in them less those names, that add one requirement (new-user trial 45, c4:
 * read as the pods left, `[namespace with {team=a} other than ns1]/[pod with {app=b}]`, when it can be).
 */
const namespacesLeftOut = fc
  .record({
    ns: selector(['team'], VALUES, 1),
    pods: selector(KEYS, VALUES, 2),
    names: fc.uniqueArray(fc.constantFrom(...NAMESPACES), { minLength: 1, maxLength: 3 }),
    whole: fc.constantFrom('all', 'same'),
    rest: fc.array(fc.record({ narrowed: fc.boolean(), added: requirement(KEYS, VALUES) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ ns, pods, names, whole, rest }) => {
    const peer = abstractPeer(ns, pods);
    const others: LabelSelector = { matchLabels: ns.matchLabels, expressions: [...ns.expressions, { key: NAME, op: 'NotIn', values: names }] };
    const except = [
      ...names.map((n) => abstractPeer(n, whole === 'all' ? { matchLabels: {}, expressions: [] } : pods)),
      ...rest.map((r) => abstractPeer(r.narrowed ? others : ns, { matchLabels: pods.matchLabels, expressions: [...pods.expressions, r.added] })),
    ];
    return { peer, except };
  });

const pod = fc.record({
  namespace: fc.constantFrom(...NAMESPACES, 'x'),
  nsLabels: fc.dictionary(fc.constantFrom('team', ...KEYS.slice(2)), fc.constantFrom(...VALUES), { maxKeys: 3 }),
  labels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 4 }),
});

// --- A reader of the text names, written from the notation alone. ---

type Test = (ns: Labels, labels: Labels) => boolean;
interface Read {
  readonly test: Test;
  /** The text counts something it does not write. */
  readonly summary: boolean;
}

const value = (v: string) => (v === '""' ? '' : v);

/**
 * `{a=b,c In (d,e),f NotIn (g),h Exists,i DoesNotExist,j NotIn (k and 4 more)}` and a trailing ` +N exclusions`
 * or ` +N labels` (a long selector named by one label, the rest counted: the name then holds more, a summary).
 */
function readSelector(text: string): { selector: LabelSelector; summary: boolean } {
  const m = /^\{(.*)\}((?: \+\d+ (?:exclusions?|labels?))*)$/.exec(text);
  if (!m) throw new Error(`not a selector: ${text}`);
  const expressions: Requirement[] = [];
  const parts = m[1] === '' ? [] : (m[1].match(/[^,(]+(\([^)]*\))?/g) ?? []).map((p) => p.replace(/^,/, ''));
  let shortened = false;
  for (const p of parts) {
    // `k NotIn (a,b and 9 more)`: a summary of an exclusion, read as no requirement (the name then holds more).
    if (/^\S+ NotIn \([^)]* and \d+ more\)$/.test(p)) {
      shortened = true;
      continue;
    }
    const eq = /^([^\s=]+)=(\S*)$/.exec(p);
    const set = /^(\S+) (In|NotIn) \(([^)]*)\)$/.exec(p);
    const ex = /^(\S+) (Exists|DoesNotExist)$/.exec(p);
    if (eq) expressions.push({ key: eq[1], op: 'In', values: [value(eq[2])] });
    else if (set) expressions.push({ key: set[1], op: set[2] as 'In' | 'NotIn', values: set[3].split(',').map(value) });
    else if (ex) expressions.push({ key: ex[1], op: ex[2] as 'Exists' | 'DoesNotExist', values: [] });
    else throw new Error(`not a requirement: ${p} in ${text}`);
  }
  return { selector: { matchLabels: {}, expressions }, summary: m[2] !== '' || shortened };
}

/** `[all pods]`, `[all pods +N exclusions]`, `[pod with {…}( +N exclusions)?]` (`what`: pod or namespace). */
function readPart(text: string, what: 'pod' | 'namespace'): { selector: LabelSelector; summary: boolean } {
  if (text === `[all ${what}s]`) return { selector: { matchLabels: {}, expressions: [] }, summary: false };
  const all = new RegExp(`^\\[all ${what}s \\+\\d+ exclusions?\\]$`).exec(text);
  if (all) return { selector: { matchLabels: {}, expressions: [] }, summary: true };
  const m = new RegExp(`^\\[${what} with (.*)\\]$`).exec(text);
  if (!m) throw new Error(`not a ${what} part: ${text}`);
  return readSelector(m[1]);
}

function readNamespace(text: string): { test: (ns: Labels) => boolean; summary: boolean } {
  if (!text.startsWith('[')) return { test: (ns) => ns[NAME] === text, summary: false };
  const other = /^\[namespace( with (.*?))? other than (.*?)( and (\d+) more)?\]$/.exec(text);
  if (other) {
    const rest = other[2] === undefined ? { selector: { matchLabels: {}, expressions: [] }, summary: false } : readSelector(other[2]);
    const names = other[3].split(', ').map(value);
    return { test: (ns) => !names.includes(ns[NAME]) && matches(rest.selector, ns), summary: rest.summary || other[4] !== undefined };
  }
  const named = /^\[namespace (?!with )(.*?)( with (.*))?\]$/.exec(text);
  if (named) {
    const names = named[1].split(/, | or /).map(value);
    const rest = named[3] === undefined ? { selector: { matchLabels: {}, expressions: [] }, summary: false } : readSelector(named[3]);
    return { test: (ns) => names.includes(ns[NAME]) && matches(rest.selector, ns), summary: rest.summary };
  }
  const part = readPart(text, 'namespace');
  return { test: (ns) => matches(part.selector, ns), summary: part.summary };
}

/** `NS/POD`, `entire-cluster`. */
function readPeer(text: string): Read {
  if (text === 'entire-cluster') return { test: () => true, summary: false };
  const slash = text.lastIndexOf(']/[') >= 0 ? text.lastIndexOf(']/[') + 1 : text.indexOf('/[');
  const ns = readNamespace(text.slice(0, slash));
  const pods = readPart(text.slice(slash + 1), 'pod');
  return { test: (n, l) => ns.test(n) && matches(pods.selector, l), summary: ns.summary || pods.summary };
}

/**
 * `P (except those with {X} or {Y}, E, F and N more)`: the pods of P but those of P meeting X (or Y), and those of
 * E and F. An exception the text counts or summarises is not taken out (the set read is then wider, and a summary).
 */
function readName(text: string): Read {
  const at = text.indexOf(' (except ');
  if (at < 0) return readPeer(text);
  const own = readPeer(text.slice(0, at));
  let rest = text.slice(at + ' (except '.length, -1);
  let summary = own.summary;
  const more = / and (\d+) more$/.exec(rest);
  if (more) {
    summary = true;
    rest = rest.slice(0, more.index);
  }
  const out: Test[] = [];
  for (const item of splitTop(rest, ', ')) {
    const parts = item.startsWith('those with ') ? splitTop(item.slice('those with '.length), ' or ').map((x) => ({ ...readSelector(x), relative: true })) : [{ ...readPeer(item), relative: false }];
    for (const r of parts) {
      if (r.summary) summary = true;
      else if ('selector' in r) {
        const selector = r.selector;
        out.push((_n, l) => matches(selector, l));
      } else out.push(r.test);
    }
  }
  return { test: (n, l) => own.test(n, l) && !out.some((t) => t(n, l)), summary };
}

/** `text` split at `sep` outside brackets, braces and parentheses. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

// --- The property. ---

const inRegion = (peer: AbstractPeer, except: readonly AbstractPeer[], ns: Labels, labels: Labels) => abstractPeerMatches(peer, ns, labels) && !except.some((e) => abstractPeerMatches(e, ns, labels));

describe('text names of pods the manifests do not hold', () => {
  it('hold every pod of the peer less its exceptions, and only those unless they count something', () => {
    let summaries = 0;
    let exact = 0;
    fc.assert(
      fc.property(peerWithExceptions, fc.array(pod, { minLength: 8, maxLength: 8 }), ({ peer, except }, pods) => {
        const text = podsExceptText(peer, except);
        const read = readName(text);
        if (read.summary) summaries++;
        else exact++;
        for (const p of pods) {
          const ns = { ...p.nsLabels, [NAME]: p.namespace };
          const truth = inRegion(peer, except, ns, p.labels);
          const said = read.test(ns, p.labels);
          if (truth && !said) throw new Error(`${text} leaves out ${p.namespace}/${JSON.stringify(p.labels)} (ns ${JSON.stringify(ns)}), which ${peer.id} less ${except.map((e) => e.id).join('; ')} holds`);
          if (!read.summary && said && !truth) throw new Error(`${text} claims ${p.namespace}/${JSON.stringify(p.labels)} (ns ${JSON.stringify(ns)}), which ${peer.id} less ${except.map((e) => e.id).join('; ')} does not hold`);
        }
      }),
      params(500),
    );
    // Both kinds were asked (a run that drew no summary proves nothing of them).
    expect(summaries).toBeGreaterThan(0);
    expect(exact).toBeGreaterThan(0);
  });

  it('hold exactly the pods of a peer less whole namespaces and exceptions in the others, read as the pods left when they can be', () => {
    let left = 0;
    fc.assert(
      fc.property(namespacesLeftOut, fc.array(pod, { minLength: 8, maxLength: 8 }), ({ peer, except }, pods) => {
        const text = podsExceptText(peer, except);
        const read = readName(text);
        if (!text.includes(' (except ')) left++;
        for (const p of pods) {
          const ns = { ...p.nsLabels, [NAME]: p.namespace };
          const truth = inRegion(peer, except, ns, p.labels);
          const said = read.test(ns, p.labels);
          if (truth !== said && (truth || !read.summary)) throw new Error(`${text} ${truth ? 'leaves out' : 'claims'} ${p.namespace}/${JSON.stringify(p.labels)} (ns ${JSON.stringify(ns)}); ${peer.id} less ${except.map((e) => e.id).join('; ')}`);
        }
      }),
      params(500),
    );
    // The pods left were named so, not only as written.
    expect(left).toBeGreaterThan(0);
  });
});
