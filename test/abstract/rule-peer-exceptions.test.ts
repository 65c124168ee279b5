/**
 * A line named after a rule peer claims its change for every pod the peer holds. Pods of the peer that
 * the change left as they were are its exceptions (analysis/peer-exceptions.ts): `ledger-dev/[all pods]
 * now admits [namespace with {team=x}]/[all pods] (except locked/[all pods]) on TCP 80`, JSON the peer's
 * own id with `except`. Before, the line said it of every `team=x` namespace although `locked`'s own
 * egress denied the path on both sides (or another policy allowed it on both sides). Each case is
 * checked both ways (head to base: the closed line), and every exception against `diff --explain`: its
 * pods' traffic with the other end did not change as the line says.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles, sideChange } from '../../src/analysis/explain-run.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import type { JsonSetsPair } from '../helpers/pair-sets.js';

interface JsonPods {
  readonly type: string;
  readonly id: string;
  readonly except?: readonly { readonly type: string; readonly id: string; readonly namespace?: string }[];
}
type JsonPair = Omit<JsonSetsPair, 'src' | 'dst'> & { src: JsonPods; dst: JsonPods };

const namespace = (name: string, labels: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;
const policy = (ns: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
const denyAll = (ns: string, type: 'Ingress' | 'Egress') => policy(ns, `deny-${type.toLowerCase()}`, `  podSelector: {}\n  policyTypes: [${type}]\n`);
/** ledger-dev admits namespaces labelled team=x on TCP 80 (the changed rule; its peer names the line). */
const ALLOW_X = policy(
  'ledger-dev',
  'allow-x',
  `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: x}}
      ports:
        - {protocol: TCP, port: 80}
`,
);
/** ledger-dev may send to namespaces labelled team=x on TCP 5432 (the changed egress rule). */
const SEND_X = policy(
  'ledger-dev',
  'send-x',
  `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {team: x}}
      ports:
        - {protocol: TCP, port: 5432}
`,
);
/** ledger-dev admits everyone on TCP 80 (a rule without peers: its line reads `entire-cluster`). */
const ALLOW_ANY = policy(
  'ledger-dev',
  'allow-any',
  `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - {protocol: TCP, port: 80}
`,
);
/** Unchanged: ledger-dev admits namespace common on every port (so common's pods had TCP 80 on both sides). */
const ALLOW_COMMON = policy(
  'ledger-dev',
  'allow-common',
  `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: common}}
`,
);

const docs = (...parts: string[]) => parts.join('---\n');
const files = (base: string, change: string): [ManifestFile[], ManifestFile[]] => [
  [{ path: 'policies.yaml', text: base }],
  [{ path: 'policies.yaml', text: docs(base, change) }],
];

const jsonPairs = (base: ManifestFile[], head: ManifestFile[]) => (diffJsonObject(analyzeDiff(base, head)) as { pairs: JsonPair[] }).pairs;
const endText = (e: JsonPods) => (e.except ? `${e.id} (except ${e.except.map((x) => x.id).join(', ')})` : e.id);
const pairText = (p: JsonPair) => `${endText(p.src)} => ${endText(p.dst)}`;

/** Each exception of each pair: diff --explain of its pods and the pair's other end changes nothing the pair says (no port it opens opens, none it closes closes). */
function exceptionProblems(base: ManifestFile[], head: ManifestFile[], pairs: readonly JsonPair[]): string[] {
  const out: string[] = [];
  for (const p of pairs) {
    for (const end of ['src', 'dst'] as const) {
      for (const e of p[end].except ?? []) {
        const [from, to] = end === 'src' ? [e.id, p.dst.id] : [p.src.id, e.id];
        const r = explainDiffFiles(base, head, { from, to, ports: [] });
        if (!r.ok) {
          out.push(`${from} -> ${to}: ${r.message}`);
          continue;
        }
        const change = sideChange(r.value);
        if (!change.opened.isEmpty() || !change.closed.isEmpty()) out.push(`${from} -> ${to}: opens ${change.opened.key}, closes ${change.closed.key}`);
      }
    }
  }
  return out;
}

/** Case name, base, the change head adds, the pairs base to head reports (head to base: the same, closed). */
const CASES: [string, string, string, string[] | { readonly opened: string[]; readonly closed: string[] }][] = [
  [
    'own egress denies it on both sides: locked is an exception',
    docs(namespace('ledger-dev'), namespace('locked', { team: 'x' }), denyAll('ledger-dev', 'Ingress'), denyAll('locked', 'Egress')),
    ALLOW_X,
    ['[namespace with {team=x}]/[all pods] (except locked/[all pods]) => ledger-dev/[all pods]'],
  ],
  [
    // Opened, a pod another policy allowed already gets the line's change (text: "may have had … already"); closed,
    // "no longer admits" is false of it: it keeps the traffic, and is an exception (real-eval 8, flux2 fc4d01b3).
    'another policy allowed it on both sides: common has the traffic opened, and keeps it closed',
    docs(namespace('ledger-dev'), namespace('common', { team: 'x' }), denyAll('ledger-dev', 'Ingress'), ALLOW_COMMON),
    ALLOW_X,
    { opened: ['[namespace with {team=x}]/[all pods] => ledger-dev/[all pods]'], closed: ['[namespace with {team=x}]/[all pods] (except common/[all pods]) => ledger-dev/[all pods]'] },
  ],
  [
    'own ingress denies an egress rule’s peer on both sides: the destination end has the exception',
    docs(namespace('ledger-dev'), namespace('locked', { team: 'x' }), denyAll('ledger-dev', 'Egress'), denyAll('locked', 'Ingress')),
    SEND_X,
    ['ledger-dev/[all pods] => [namespace with {team=x}]/[all pods] (except locked/[all pods])'],
  ],
  [
    'a rule without peers (entire-cluster) whose pods in locked may not send',
    docs(namespace('ledger-dev'), namespace('locked', { team: 'x' }), denyAll('ledger-dev', 'Ingress'), denyAll('locked', 'Egress')),
    ALLOW_ANY,
    ['entire-cluster (except locked/[all pods]) => ledger-dev/[all pods]', '0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => ledger-dev/[all pods]'],
  ],
  [
    'the whole peer changed: the line is the peer, without exceptions',
    docs(namespace('ledger-dev'), namespace('open', { team: 'x' }), denyAll('ledger-dev', 'Ingress')),
    ALLOW_X,
    ['[namespace with {team=x}]/[all pods] => ledger-dev/[all pods]'],
  ],
];

describe('a line named after a rule peer names the pods the change left as they were', () => {
  describe.each(CASES)('%s', (_name, base, change, expected) => {
    const [b, h] = files(base, change);
    it.each([
      ['base to head', b, h, 'opened'],
      ['head to base', h, b, 'closed'],
    ] as const)('%s: the exact pairs, each exception unchanged by diff --explain', (_direction, from, to, field) => {
      const pairs = jsonPairs(from, to);
      expect(pairs.map(pairText)).toEqual(Array.isArray(expected) ? expected : expected[field]);
      const port = change === SEND_X ? 5432 : 80;
      for (const p of pairs) expect(p[field]).toEqual({ protocols: { TCP: [[port, port]] } });
      expect(exceptionProblems(from, to, pairs)).toEqual([]);
    });
  });

  it('text and Markdown say the exception on the rule’s line, with its file:line', () => {
    const [b, h] = files(CASES[0][1], ALLOW_X);
    const report = analyzeDiff(b, h);
    // One rule opened: the headline says its line whole (exception and file:line), the section points at it.
    const text = diffText(report);
    expect(text).toContain('Opens ledger-dev/[all pods] to [namespace with {team=x}]/[all pods] (except locked/[all pods]) on TCP 80 (1 rule, policies.yaml:34).');
    expect(text).toContain('by rule (1 path): the one rule the headline names.');
    expect(renderDiffMarkdown(report)).toContain('Opens ledger-dev/[all pods] to [namespace with {team=x}]/[all pods] (except locked/[all pods]) on TCP 80 (1 rule, policies.yaml:34).');
    const back = diffText(analyzeDiff(h, b));
    expect(back).toContain('ledger-dev/[all pods] no longer admits [namespace with {team=x}]/[all pods] (except locked/[all pods]) on TCP 80, base:policies.yaml:');
  });

  it('the JSON keeps the peer’s id and selectors and lists the exceptions as peers', () => {
    const [b, h] = files(CASES[0][1], ALLOW_X);
    const [pair] = jsonPairs(b, h);
    expect(pair.src).toEqual({
      type: 'pods',
      namespaceSelector: { matchLabels: { team: 'x' } },
      podSelector: {},
      id: '[namespace with {team=x}]/[all pods]',
      except: [{ type: 'pods', namespace: 'locked', podSelector: {}, id: 'locked/[all pods]' }],
    });
  });

  const LOCKED = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];
  const lockedDocs = LOCKED.flatMap((n) => [namespace(n, { team: 'x' }), denyAll(n, 'Egress')]);

  it('many exceptions on a wide line: text names three and counts the rest, the JSON lists all', () => {
    // Four namespaces whose pods do gain the path: the line has regions enough to keep the peer's name.
    const open = ['o1', 'o2', 'o3', 'o4'].map((n) => namespace(n, { team: 'x' }));
    const [b, h] = files(docs(namespace('ledger-dev'), ...open, ...lockedDocs, denyAll('ledger-dev', 'Ingress')), ALLOW_X);
    const report = analyzeDiff(b, h);
    expect(diffText(report)).toContain('to [namespace with {team=x}]/[all pods] (except l1/[all pods], l2/[all pods], l3/[all pods] and 3 more) on TCP 80');
    const pairs = jsonPairs(b, h);
    expect(pairs.map(pairText)).toEqual([`[namespace with {team=x}]/[all pods] (except ${LOCKED.map((n) => `${n}/[all pods]`).join(', ')}) => ledger-dev/[all pods]`]);
    expect(exceptionProblems(b, h, pairs)).toEqual([]);
  });

  it('a narrow line with many exceptions: its regions by their own exact names instead', () => {
    const [b, h] = files(docs(namespace('ledger-dev'), ...lockedDocs, denyAll('ledger-dev', 'Ingress')), ALLOW_X);
    const pairs = jsonPairs(b, h);
    expect(pairs.map(pairText)).toEqual(['[namespace with {team=x,kubernetes.io/metadata.name NotIn (l1,l2,l3,l4,l5,l6)}]/[all pods] => ledger-dev/[all pods]']);
  });
});
