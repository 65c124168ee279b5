/**
 * `diff --explain` toward pods of a namespace the change deletes (base declares it; head neither declares
 * it nor holds anything in it) agrees with `diff`, which keeps only what such pairs close: head holds no
 * pod there, so nothing is opened toward or from them (src/analysis/namespace-lifecycle.ts).
 */
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffJson } from '../../src/report/explain-json.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const namespace = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`;
const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const egressOnly443 =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: agent, namespace: tools}\nspec:\n  podSelector: {matchLabels: {app: agent}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - ports: [{protocol: TCP, port: 443}]\n';
const tools = { path: 'tools.yaml', text: [namespace('tools', '{team: ops}'), deploy('agent', 'tools'), egressOnly443].join('---\n') };
const web = { path: 'web.yaml', text: [namespace('web'), deploy('site', 'web')].join('---\n') };
const jobs = { path: 'jobs.yaml', text: namespace('jobs', '{team: ops}') };

function explained(base: { path: string; text: string }[], head: { path: string; text: string }[], from: string, to: string) {
  const r = explainDiffFiles(base, head, { from, to, ports: [] });
  if (!r.ok) throw new Error(r.message);
  const text = explainDiffText(r.value, peerLabels(r.value.workloads));
  const json = JSON.parse(explainDiffJson(r.value, peerLabels(r.value.workloads))) as { explain: { opened: unknown; closed: unknown; head: { verdict: string; deletedNamespaces?: string[] } } };
  return { text, json: json.explain };
}

test('an end only in the deleted namespace is not present in head: nothing opens', () => {
  const { text, json } = explained([tools, web], [web], 'tools/[all pods]', 'web/site');
  expect(text.split('\n')[0]).toBe('tools/[all pods] => web/site: the change closes any port for some of these pods (see the parts below)');
  expect(text).toContain('tools/[all pods] does not exist on this side: no pod can be in namespace tools, which the change deletes.');
  expect(json.head).toMatchObject({ verdict: 'absent', deletedNamespaces: ['tools'] });
  expect(json.opened).toBeNull();
});

test('an end that also covers namespaces head keeps: the deleted one is left out, the others compared', () => {
  const { text, json } = explained([tools, web, jobs], [web, jobs], '[namespace with {team=ops}]/[all pods]', 'web/site');
  expect(text).toContain('Left out: the parts in namespace tools, which the change deletes (no pod can be there).');
  expect(json.head.deletedNamespaces).toEqual(['tools']);
  expect(json.opened).toBeNull();
});

test('a namespace head still declares is not deleted: its pods are compared on both sides', () => {
  const { text, json } = explained([tools, web], [{ path: 'tools.yaml', text: namespace('tools', '{team: ops}') }, web], 'tools/[all pods]', 'web/site');
  expect(text.split('\n')[0]).toBe('tools/[all pods] => web/site: the change opens any port but TCP 443 for some of these pods (see the parts below)');
  expect(json.head.deletedNamespaces).toBeUndefined();
});
