/**
 * A rollback never reverts documents that cannot change connectivity: Secrets, ConfigMaps, RBAC, and a
 * kustomization whose only change lists such a file (real-eval 11, HomeLab 35dc72f0: a bounded search
 * reverted `ClusterRole/cnpg-ns-admin`, a Secret and the kustomization line adding the ClusterRole). Kinds
 * the model reads stay candidates: a Namespace's labels, a kustomization listing a policy file, a
 * ConfigMap a replacement copies into a policy.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { documentChanges } from '../../src/analysis/document-changes.js';
import { revertRelevance } from '../../src/analysis/rollback-relevance.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';

const asFiles = (m: Record<string, string>): ManifestFile[] => Object.entries(m).map(([path, text]) => ({ path, text }));

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
`;
const APP = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
${deployment('api')}---
${deployment('web')}---
${deployment('batch')}`;

const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from: [${from}]
    ports: [{port: 8080, protocol: TCP}]
`;
const secret = (value: string) => `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData: {password: ${value}}
`;
const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ns-admin}
rules:
- apiGroups: ['']
  resources: [namespaces]
  verbs: [get]
`;

const BASE = {
  'app/kustomization.yaml': 'resources:\n- app.yaml\n- policy.yaml\n- secret.yaml\n',
  'app/app.yaml': APP,
  'app/policy.yaml': policy('{podSelector: {matchLabels: {app: web}}}'),
  'app/secret.yaml': secret('one'),
};
// The policy admits every pod of shop (batch → api opens); the Secret changes; a ClusterRole is added and listed.
const HEAD = {
  ...BASE,
  'app/kustomization.yaml': 'resources:\n- app.yaml\n- policy.yaml\n- secret.yaml\n- role.yaml\n',
  'app/policy.yaml': policy('{podSelector: {}}'),
  'app/secret.yaml': secret('two'),
  'app/role.yaml': ROLE,
};

const keysOf = (r: { documents: readonly { key: string }[] }) => r.documents.map((d) => d.key);

it('reverts only the policy when the search is bounded, leaving the Secret, the ClusterRole and its kustomization line alone', () => {
  const report = analyzeDiff(asFiles(BASE), asFiles(HEAD), { rollbackMaxEvaluations: 0 });
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(keysOf(report.rollback)).toEqual(['NetworkPolicy/shop/api-ingress in app/policy.yaml']);
  // One document: a smallest set (reverting nothing leaves the paths open), even though the bound stopped the search.
  expect(report.rollback.minimality).toBe('proven');
  expect(report.rollback.notes).toEqual([]);
});

it('keeps a Namespace whose labels open the path a candidate', () => {
  const from = '{namespaceSelector: {matchLabels: {team: shop}}}';
  const base = { ...BASE, 'app/policy.yaml': policy(from), 'app/other.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n---\n${deployment('job').replace('shop', 'other')}`, 'app/kustomization.yaml': 'resources:\n- app.yaml\n- policy.yaml\n- secret.yaml\n- other.yaml\n' };
  const head = { ...base, 'app/secret.yaml': secret('two'), 'app/other.yaml': base['app/other.yaml'].replace('metadata: {name: other}', 'metadata: {name: other, labels: {team: shop}}') };
  const report = analyzeDiff(asFiles(base), asFiles(head), { rollbackMaxEvaluations: 0 });
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(keysOf(report.rollback)).toEqual(['Namespace/other in app/other.yaml']);
  expect(report.rollback.remainingOpened).toBe(0);
});

it('keeps a kustomization that lists a new policy file a candidate, and reverts it rather than the file alone (the file, which nothing names after, goes with it)', () => {
  const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n`;
  const base = { ...BASE, 'app/policy.yaml': deny };
  const head = { ...base, 'app/kustomization.yaml': 'resources:\n- app.yaml\n- policy.yaml\n- secret.yaml\n- allow.yaml\n', 'app/allow.yaml': policy('{podSelector: {}}'), 'app/secret.yaml': secret('two') };
  const report = analyzeDiff(asFiles(base), asFiles(head), { rollbackMaxEvaluations: 0 });
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(keysOf(report.rollback)).toEqual(['NetworkPolicy/shop/api-ingress in app/allow.yaml', 'Kustomization app/kustomization.yaml']);
  expect(report.rollback.minimality).toBe('proven');
});

it('restores a deleted Secret with the kustomization entry a revert brings back, so that the build does not fail', () => {
  const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n`;
  const base = { ...BASE, 'app/policy.yaml': deny };
  // The policy file and the Secret file are deleted with their entries: every path into shop opens.
  const head: Record<string, string> = { 'app/kustomization.yaml': 'resources:\n- app.yaml\n', 'app/app.yaml': APP };
  const report = analyzeDiff(asFiles(base), asFiles(head), { rollbackMaxEvaluations: 0 });
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(keysOf(report.rollback).sort()).toEqual(['Kustomization app/kustomization.yaml', 'NetworkPolicy/shop/deny in app/policy.yaml', 'Secret/shop/db in app/secret.yaml']);
  expect(report.rollback.remainingOpened).toBe(0);
});

describe('which changed documents matter', () => {
  const judge = (base: Record<string, string>, head: Record<string, string>) => {
    const b = loadManifests(asFiles(base));
    const h = loadManifests(asFiles(head));
    const changes = documentChanges(b.documents, h.documents);
    const relevance = revertRelevance(changes, b, h);
    return Object.fromEntries(changes.map((c) => [c.key, relevance.matters(c)]));
  };

  it('reads every kind of object the model reads and no other', () => {
    const objects = (v: string) => ({
      'k/kustomization.yaml': 'resources:\n- all.yaml\n',
      'k/all.yaml': [
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: n, labels: {v: "${v}"}}\n`,
        `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\nspec: {selector: {app: a}, ports: [{name: "${v}", port: 80}]}\n`,
        deployment('api').replace('shop', 'n').replace('8080', v === 'a' ? '8080' : '9090'),
        policy(`{podSelector: {matchLabels: {v: "${v}"}}}`),
        `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: anp}\nspec: {priority: 1, subject: {namespaces: {matchLabels: {v: "${v}"}}}, ingress: []}\n`,
        secret(v),
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {v: "${v}"}\n`,
        ROLE.replace('get', v === 'a' ? 'get' : 'list'),
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb, namespace: n}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ns-admin}\nsubjects: [{kind: User, name: "${v}"}]\n`,
      ].join('---\n'),
    });
    expect(judge(objects('a'), objects('b'))).toEqual({
      'Namespace/n in k/all.yaml': true,
      'Service/n/s in k/all.yaml': true,
      'Deployment/n/api in k/all.yaml': true,
      'NetworkPolicy/shop/api-ingress in k/all.yaml': true,
      'AdminNetworkPolicy/anp in k/all.yaml': true,
      'Secret/shop/db in k/all.yaml': false,
      'ConfigMap/n/c in k/all.yaml': false,
      'ClusterRole/ns-admin in k/all.yaml': false,
      'RoleBinding/n/rb in k/all.yaml': false,
    });
  });

  it('reads a ConfigMap that a replacement copies from', () => {
    const files = (v: string) => ({
      'k/kustomization.yaml': 'resources:\n- cm.yaml\n- policy.yaml\nreplacements:\n- source: {kind: ConfigMap, name: c, fieldPath: data.app}\n  targets:\n  - select: {kind: NetworkPolicy}\n    fieldPaths: [spec.podSelector.matchLabels.app]\n',
      'k/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {app: ${v}}\n`,
      'k/policy.yaml': policy('{podSelector: {}}'),
    });
    expect(judge(files('api'), files('web'))).toEqual({ 'ConfigMap/shop/c in k/cm.yaml': true });
  });

  it('reads a kustomization unless it only lists files of kinds the model does not read', () => {
    const base = { 'k/kustomization.yaml': 'resources:\n- secret.yaml\n', 'k/secret.yaml': secret('one'), 'k/role.yaml': ROLE, 'k/policy.yaml': policy('{podSelector: {}}') };
    expect(judge(base, { ...base, 'k/kustomization.yaml': 'resources:\n- secret.yaml\n- role.yaml\n' })).toEqual({ 'Kustomization k/kustomization.yaml': false });
    expect(judge(base, { ...base, 'k/kustomization.yaml': 'resources:\n- secret.yaml\n- policy.yaml\n' })).toEqual({ 'Kustomization k/kustomization.yaml': true });
    expect(judge(base, { ...base, 'k/kustomization.yaml': 'namespace: other\nresources:\n- secret.yaml\n' })).toEqual({ 'Kustomization k/kustomization.yaml': true });
  });
});
