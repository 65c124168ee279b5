/**
 * Every pair of `diff --format json` is consistent in itself: `opened` within `head`, `closed` within
 * `base`, and nothing allowed on both sides in either (test/helpers/pair-sets.ts). A pair toward a region a
 * workload represents, kept for port names, once said only what the workload's pair does not (README "How
 * the two views are reconciled") but kept its whole `base`: an AdminNetworkPolicy Allow to namespace
 * `backend` on TCP 8080 that became `namedPort: web` (backend/api numbers `web` 80) gave
 * `cli => backend/[all pods]` with base TCP 8080, head `web`, closed null (derived from the conformance test
 * AdminNetworkPolicyEgressNamedPort). Checked on the examples, that case, and each Kubernetes e2e scenario
 * against the same cluster without policies, both ways.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import type { JsonSetsPair } from '../helpers/pair-sets.js';
import { pairSetProblems } from '../helpers/pair-sets.js';
import { clusterYaml } from '../scenarios/cluster.js';

const jsonPairs = (base: readonly ManifestFile[], head: readonly ManifestFile[]) => (diffJsonObject(analyzeDiff(base, head)) as { pairs: JsonSetsPair[] }).pairs;
const problems = (base: readonly ManifestFile[], head: readonly ManifestFile[]) => [...jsonPairs(base, head), ...jsonPairs(head, base)].flatMap(pairSetProblems);

const anp = (ports: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: client-egress}
spec:
  priority: 6
  subject:
    namespaces: {matchLabels: {kubernetes.io/metadata.name: client}}
  egress:
    - name: allow-backend-8080
      action: Allow
      to: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: backend}}}]
      ports: [${ports}]
    - name: deny-backend-rest
      action: Deny
      to: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: backend}}}]
`;
const APP = `apiVersion: v1
kind: Namespace
metadata: {name: client}
---
apiVersion: v1
kind: Namespace
metadata: {name: backend}
---
apiVersion: v1
kind: Pod
metadata: {name: cli, namespace: client, labels: {app: cli}}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: backend, labels: {app: api}}
spec:
  containers: [{name: c, image: nginx, ports: [{name: web, containerPort: 80, protocol: TCP}]}]
`;
const NAMED_BASE = [{ path: 'app.yaml', text: APP }, { path: 'anp.yaml', text: anp('{portNumber: {protocol: TCP, port: 8080}}') }];
const NAMED_HEAD = [{ path: 'app.yaml', text: APP }, { path: 'anp.yaml', text: anp('{namedPort: web}') }];

describe('every diff pair: opened within head, closed within base, nothing of both sides', () => {
  it('an Allow on TCP 8080 become namedPort web, toward a namespace one workload represents: the region pair drops from base what the workload pair closes', () => {
    const pairs = jsonPairs(NAMED_BASE, NAMED_HEAD);
    const region = pairs.find((p) => p.dst.id === 'backend/[all pods]');
    expect(region).toBeDefined();
    // The workload's pair says TCP 8080 closed; the region's says the name it opens, and its base no longer claims TCP 8080.
    expect(pairs.find((p) => p.dst.id === 'backend/api[Pod]')?.closed).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(region!.base?.protocols?.TCP).toBeUndefined();
    expect(region!.opened).toEqual({ namedPorts: { ANY: ['web'] } });
    expect(problems(NAMED_BASE, NAMED_HEAD)).toEqual([]);
  });

  it('the examples', async () => {
    const [base, head] = [(await readManifestFolder('examples/base')).files, (await readManifestFolder('examples/head')).files];
    expect(problems(base, head)).toEqual([]);
  });

  const DIR = join(process.cwd(), 'test', 'scenarios', 'fixtures');
  const SCENARIOS = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
  it.each(SCENARIOS)('Kubernetes e2e scenario %s against the cluster without policies', (file) => {
    const fx = parse(readFileSync(join(DIR, file), 'utf8')) as { policies: string; namespaceLabels?: Record<string, Record<string, string>>; podLabels?: Record<string, Record<string, string>> };
    const base = [{ path: 'c.yaml', text: clusterYaml() }];
    const head = [{ path: 'c.yaml', text: clusterYaml(fx.namespaceLabels, fx.podLabels) + (fx.policies.trim() ? `---\n${fx.policies}` : '') }];
    expect(problems(base, head)).toEqual([]);
  });
});
