/**
 * A namespace the change creates (head declares it; base neither has it nor holds anything in it): its new
 * policies isolate pods that ran nowhere before, so what they close is set apart with both readings and not
 * counted (real-eval 19: every "create namespace" pull request of a platform repository read "1481 paths
 * closed"). What the change opens stays counted, and a namespace base already used is no new namespace.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const WEB = `apiVersion: v1
kind: Namespace
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
  namespace: web
spec:
  selector: {matchLabels: {app: site}}
  template:
    metadata: {labels: {app: site}}
    spec: {containers: [{name: c, image: x}]}
`;
// The standard policies a platform repository gives a new namespace: deny all ingress but from its own pods.
const LEDGER = `apiVersion: v1
kind: Namespace
metadata:
  name: ledger
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default
  namespace: ledger
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector: {}
`;
// A policy in an existing namespace that admits the new one: this opens a path, whatever ledger was before.
const WEB_ADMITS_LEDGER = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-ledger
  namespace: web
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ledger}}
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}
`;

interface Pair {
  src: { id: string };
  dst: { id: string };
  opened: unknown;
  closed: unknown;
}
interface Json {
  summary: { opened: number; closed: number };
  pairs: Pair[];
  createdNamespaces?: { namespaces: string[]; closed: number; pairs: Pair[] };
}
const diff = async (base: Record<string, string>, head: Record<string, string>, format = 'json') => main(['diff', await tempFolder(base), await tempFolder(head), '--format', format]);
const json = async (base: Record<string, string>, head: Record<string, string>) => {
  const out = await diff(base, head);
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
};
const names = (pairs: readonly Pair[]) => pairs.map((p) => `${p.src.id} => ${p.dst.id}`);

it('creating a namespace with its default policies changes no counted path: its closings are apart, with both readings', async () => {
  const { exitCode, json: j } = await json({ 'web.yaml': WEB }, { 'web.yaml': WEB, 'ledger.yaml': LEDGER });
  expect(exitCode).toBe(0);
  expect(j.summary).toMatchObject({ opened: 0, closed: 0 });
  expect(j.pairs).toEqual([]);
  expect(j.createdNamespaces?.namespaces).toEqual(['ledger']);
  expect(j.createdNamespaces?.closed).toBe(j.createdNamespaces?.pairs.length);
  // web's workload and other namespaces' pods no longer reach ledger's pods, in the reading where it existed.
  expect(names(j.createdNamespaces!.pairs)).toContain('web/site[Deployment] => ledger/[all pods]');
  expect(j.createdNamespaces!.pairs.every((p) => p.opened === null && p.closed !== null)).toBe(true);
  const text = await diff({ 'web.yaml': WEB }, { 'web.yaml': WEB, 'ledger.yaml': LEDGER }, 'text');
  // Its policy applies to pods no manifest holds yet (not counted): named at its file:line (created-namespace-policy-only.test.ts).
  expect(text.stdout.split('\n')[0]).toMatch(/^No change in allowed connectivity; namespace ledger is new \(its policy at ledger\.yaml:6 applies to pods the manifests do not hold yet, not counted; if it already existed, outside the repository, the change closes \d+ paths of its pods; not counted\)\.$/);
  expect(text.stdout).toMatch(/Note: Namespace ledger is new: what NetworkPolicy ledger\/default \(ledger\.yaml:6\) allows and denies applies to pods the manifests do not hold there yet, whose paths are not counted\. If it already existed, outside the repository \(\d+ paths not counted: the change creates it, so no pod of it had a path before\): /);
  const md = await diff({ 'web.yaml': WEB }, { 'web.yaml': WEB, 'ledger.yaml': LEDGER }, 'md');
  expect(md.stdout).toContain('> ℹ️ Namespace ledger is new: what NetworkPolicy ledger/default (ledger.yaml:6) allows and denies');
});

it('what the change opens toward a namespace it creates stays counted, and fails the run', async () => {
  const { exitCode, json: j } = await json({ 'web.yaml': WEB }, { 'web.yaml': WEB, 'ledger.yaml': LEDGER, 'web-policy.yaml': WEB_ADMITS_LEDGER });
  expect(j.summary.opened).toBe(0);
  // web/site is isolated now (closed from everyone but web and ledger); ledger's pods are apart only where their pair only closes.
  expect(j.summary.closed).toBeGreaterThan(0);
  expect(names(j.pairs).some((n) => n.includes('ledger/'))).toBe(false);
  expect(exitCode).toBe(0);
  const opening = await json({ 'web.yaml': WEB + '---\n' + WEB_ADMITS_LEDGER.replace('kubernetes.io/metadata.name: ledger', 'team: ledger') }, { 'web.yaml': WEB + '---\n' + WEB_ADMITS_LEDGER, 'ledger.yaml': LEDGER });
  expect(opening.json.summary.opened).toBeGreaterThan(0);
  expect(names(opening.json.pairs.filter((p) => p.opened))).toContain('ledger/[all pods] => web/site[Deployment]');
  expect(opening.exitCode).toBe(1);
});

it('a namespace base already used is not new: what its policies close is counted as before', async () => {
  const used = WEB.replace(/web/g, 'ledger').replace('name: site', 'name: books');
  const withoutNamespace = used.split('---\n')[1];
  const { json: j } = await json({ 'web.yaml': WEB, 'books.yaml': withoutNamespace }, { 'web.yaml': WEB, 'books.yaml': withoutNamespace, 'ledger.yaml': LEDGER });
  expect(j.createdNamespaces).toBeUndefined();
  expect(j.summary.closed).toBeGreaterThan(0);
  expect(names(j.pairs)).toContain('web/site[Deployment] => ledger/books[Deployment]');
});
