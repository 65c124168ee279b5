/**
 * A deleted policy opens what it closed; its egress paths toward pods the manifests do not hold read from its
 * own side ("db/… may now send to …"), not as the destinations' ingress ("web/frontend … now admit db/…",
 * fresh-user trial P3). The same policy moved into a file of its own and broken there keeps base's version
 * (test/analysis/moved-broken-policy.test.ts; broken in its own file: unparsed-file.test.ts).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const pg = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: postgres, namespace: db}\nspec:\n  template:\n    metadata: {labels: {app: postgres}}\n    spec: {containers: [{name: c, image: x}]}\n';
const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend, namespace: web}\nspec:\n  template:\n    metadata: {labels: {app: frontend}}\n    spec: {containers: [{name: c, image: x}]}\n';
const deny = (indent: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: db}\nspec:\n  podSelector: {}\n${indent}policyTypes: [Ingress, Egress]\n`;
const files = (policy: string | null, path = 'deny.yaml') => [
  { path: 'ns.yaml', text: `${ns('db')}---\n${ns('web')}` },
  { path: 'apps.yaml', text: `${pg}---\n${web}` },
  ...(policy === null ? [] : [{ path, text: policy }]),
];

const sendLines = (text: string) => text.split('\n').filter((l) => l.startsWith('  ') && (l.includes('may now send to') || l.includes('now admit')));

it('a deleted policy\'s egress reads from its own pods; moved into a file of its own and broken there, it opens nothing', () => {
  const unreadable = analyzeDiff(files(deny('  ')), files(deny('   '), 'policies/deny.yaml'));
  const deleted = diffText(analyzeDiff(files(deny('  ')), files(null)));
  const egress = (t: string) => sendLines(t).filter((l) => l.includes('may now send to'));
  expect(egress(deleted).length).toBeGreaterThan(0);
  // No line tells db's egress as another namespace's ingress.
  expect(sendLines(deleted).filter((l) => /now admits? db\//.test(l))).toEqual([]);
  for (const l of egress(deleted)) expect(l).toMatch(/^ {2}db\//);
  // The cluster keeps base's version of the moved, broken policy (test/analysis/moved-broken-policy.test.ts).
  expect(unreadable.counts).toMatchObject({ opened: 0, closed: 0 });
});
