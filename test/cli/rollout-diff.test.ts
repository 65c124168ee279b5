/**
 * A policy change between two folders opens and closes paths to and from an Argo Rollout and an OpenKruise
 * CloneSet, reported with their ids (`shop/web[Rollout]`) as for Deployments; while they were not read the
 * diff found no workload to report (manifests/kinds/template-workloads.ts).
 */
import { diffSides } from '../helpers/folder-diff.js';

const WORKLOADS = [
  'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]\n',
  'apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: batch, namespace: shop}\nspec:\n  selector: {matchLabels: {app: batch}}\n  template:\n    metadata: {labels: {app: batch}}\n    spec:\n      containers: [{name: c, image: busybox}]\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec:\n      containers: [{name: c, image: busybox}]\n',
].join('---\n');
const policy = (from: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: ${from}}}}]\n    ports: [{port: http}]\n`;
const sides = () => diffSides({ base: { 'apps.yaml': WORKLOADS, 'policy.yaml': policy('client') }, head: { 'apps.yaml': WORKLOADS, 'policy.yaml': policy('batch') } });

describe('diff of a policy in front of a Rollout', () => {
  it('opens the CloneSet to the Rollout and closes the Deployment, at the rule line', async () => {
    const dir = sides();
    const out = await dir.run('--fail-on', 'never');
    expect(out.stdout).toContain('  shop/batch[CloneSet] => shop/web[Rollout] : TCP 8080');
    expect(out.stdout).toContain('  shop/client[Deployment] => shop/web[Rollout] : TCP 8080');
    expect(out.stdout).toMatch(/Opened \(1\):[\s\S]*policy\.yaml:7/);
  });

  it('JSON names the Rollout in the contract form', async () => {
    const dir = sides();
    const out = await dir.run('--format', 'json', '--fail-on', 'never');
    const json = JSON.parse(out.stdout) as { pairs: { opened: unknown; closed: unknown; src: { id: string }; dst: { id: string } }[] };
    const workloadPairs = json.pairs.filter((p) => p.dst.id === 'shop/web[Rollout]');
    expect(workloadPairs.map((p) => [p.opened ? 'opened' : 'closed', p.src.id]).sort()).toEqual([
      ['closed', 'shop/client[Deployment]'],
      ['opened', 'shop/batch[CloneSet]'],
    ]);
  });
});

describe('a workloadRef Rollout whose referenced Deployment the change edits', () => {
  const rollout = (scaleDown: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web${scaleDown}}\n`;
  const deployment = (app: string, replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec:\n      containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]\n`;
  const client = WORKLOADS.split('---\n')[2];
  // Another document the change edits (an image), so the search weighs two.
  const other = (image: string) => client.replace(/client/g, 'other').replace('busybox', image);
  const files = (app: string, replicas = 0, scaleDown = '') => ({ 'rollout.yaml': rollout(scaleDown), 'deploy.yaml': deployment(app, replicas), 'client.yaml': client, 'other.yaml': other(app === 'web' ? 'busybox' : 'alpine'), 'policy.yaml': policy('client') });

  it("the Rollout's pods are made by the Deployment's document: reverting it closes every opened path", async () => {
    // Head relabels the template the Rollout runs: no policy selects its pods any more.
    const dir = diffSides({ base: files('web'), head: files('web2') });
    const out = await dir.run('--fail-on', 'never');
    expect(out.stdout).toContain('0.0.0.0/0, ::/0 => shop/web[Rollout] : All Connections');
    expect(out.stdout).toContain('Rollback (proven minimal): revert 1 document to close every opened path:\n  revert Deployment/shop/web (deploy.yaml:1)');
    expect(out.stdout).not.toContain('Even reverting');
    // Scaled down by the Rollout (the Deployment written with replicas): the search still finds that document.
    const scaled = diffSides({ base: files('web', 2, ', scaleDown: progressively'), head: files('web2', 2, ', scaleDown: progressively') });
    const again = await scaled.run('--fail-on', 'never');
    expect(again.stdout).toContain('Rollback (proven minimal): revert 1 document to close every opened path:\n  revert Deployment/shop/web (deploy.yaml:1)');
  });
});
