/**
 * A namespace the change deletes (base declares it, head neither declares nor uses it) has no pods in
 * head: pods the manifests do not hold there gain no path (deleting an app read as "Opens … to
 * everything", exit 1, on a real repository).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: tools
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: tools
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers: [{name: c, image: x}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: agent
  namespace: tools
spec:
  podSelector:
    matchLabels: {app: agent}
  policyTypes: [Ingress, Egress]
  egress:
  - ports:
    - {protocol: TCP, port: 443}
`;
const WEB = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: site\n  namespace: web\nspec:\n  selector: {matchLabels: {app: site}}\n  template:\n    metadata: {labels: {app: site}}\n    spec: {containers: [{name: c, image: x}]}\n';

interface Json {
  summary: { opened: number; closed: number };
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown; closed: unknown }[];
  rollback: { documents: unknown[] };
  createdNamespaces?: { pairs: Json['pairs'] };
}
const diff = async (base: Record<string, string>, head: Record<string, string>) => {
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
};
const inTools = (p: Json['pairs'][number]) => p.src.id.startsWith('tools/') || p.dst.id.startsWith('tools/');

it('deleting an app with its Namespace opens nothing: its workload\'s paths close, and no rollback is asked for', async () => {
  const { exitCode, json } = await diff({ 'app.yaml': APP, 'web.yaml': WEB }, { 'web.yaml': WEB });
  expect(exitCode).toBe(0);
  expect(json.summary.opened).toBe(0);
  expect(json.pairs.filter((p) => p.closed).map((p) => `${p.src.id} => ${p.dst.id}`)).toEqual(['tools/agent[Deployment] => web/site[Deployment]', 'tools/agent[Deployment] => 0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  expect(json.rollback.documents).toEqual([]);
});

it('adding a Namespace is not the mirror case: the namespace may exist already, so what its new policy closes is kept, set apart', async () => {
  const { json } = await diff({ 'web.yaml': WEB }, { 'app.yaml': APP, 'web.yaml': WEB });
  // Not counted (its pods ran nowhere before, unless it existed outside the repository): test/abstract/created-namespace.test.ts.
  expect(json.createdNamespaces?.pairs.some((p) => p.closed && p.dst.id.startsWith('tools/'))).toBe(true);
});

it('a Namespace object removed while its objects stay is not a deleted namespace: removing its policy opens paths', async () => {
  const kept = APP.split('---\n').slice(1, 2).join('');
  const { exitCode, json } = await diff({ 'app.yaml': APP, 'web.yaml': WEB }, { 'app.yaml': kept, 'web.yaml': WEB });
  expect(exitCode).toBe(1);
  expect(json.pairs.some((p) => p.opened && inTools(p))).toBe(true);
});

// An app deleted from a namespace that stays (another target or file declares the Namespace): its region's
// pods the manifests do not hold are the deleted app's when its policies went with it (a real repository's
// app folder removal read as "Opens shop/[pod with {app=agent}] to everything", exit 1).
const TOOLS_NS = APP.split('---\n')[0];
const APP_ONLY = APP.split('---\n').slice(1).join('---\n');

describe('an app deleted from a namespace that stays', () => {
  it('workload and its policy deleted: nothing opens, its paths close', async () => {
    const { exitCode, json } = await diff({ 'ns.yaml': TOOLS_NS, 'app.yaml': APP_ONLY, 'web.yaml': WEB }, { 'ns.yaml': TOOLS_NS, 'web.yaml': WEB });
    expect(exitCode).toBe(0);
    expect(json.summary.opened).toBe(0);
    expect(json.pairs.filter((p) => p.closed).map((p) => p.src.id)).toContain('tools/agent[Deployment]');
    expect(json.rollback.documents).toEqual([]);
  });

  it('the policy stays (the Deployment moved to another repository): what the change opens toward its pods is reported', async () => {
    const wider = APP_ONLY.split('---\n')[1].replace('  egress:\n  - ports:\n    - {protocol: TCP, port: 443}\n', '  egress:\n  - {}\n');
    const { exitCode, json } = await diff({ 'ns.yaml': TOOLS_NS, 'app.yaml': APP_ONLY, 'web.yaml': WEB }, { 'ns.yaml': TOOLS_NS, 'app.yaml': wider, 'web.yaml': WEB });
    expect(exitCode).toBe(1);
    expect(json.pairs.some((p) => p.opened && p.src.id === 'tools/[pod with {app=agent}]')).toBe(true);
  });

  it('another workload of head in the same region keeps it: removing the policy opens its paths', async () => {
    const other = APP_ONLY.split('---\n')[0].replace('name: agent\n', 'name: agent-v2\n');
    const { exitCode, json } = await diff({ 'ns.yaml': TOOLS_NS, 'app.yaml': APP_ONLY, 'web.yaml': WEB }, { 'ns.yaml': TOOLS_NS, 'app.yaml': other, 'web.yaml': WEB });
    expect(exitCode).toBe(1);
    expect(json.pairs.some((p) => p.opened && p.src.id === 'tools/agent-v2[Deployment]')).toBe(true);
  });
});
