/**
 * NAMESPACE_OVERRIDDEN through the real Kustomize renderer: a kustomization's `namespace:` replacing the
 * namespace a NetworkPolicy document writes (kubeflow/manifests 253043e9c), in lint and in diff (new when
 * the change adds or edits the policy's document, or makes the move; not for a move base already had).
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

interface FindingJson {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  subject: string;
  object: string;
  new?: boolean;
}

const DASHBOARD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dashboard
spec:
  selector:
    matchLabels: {app: dashboard}
  template:
    metadata:
      labels: {app: dashboard}
    spec:
      containers:
        - name: main
          image: registry.example/dashboard:1
`;

/** A policy document; `namespace` undefined writes none. */
const policy = (name: string, namespace: string | undefined, spec: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n${spec}`;

const SAME_NAMESPACE = '  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n';
const WEBHOOK = '  podSelector:\n    matchLabels: {app: webhook}\n  ingress:\n    - ports:\n        - port: 10250\n';
const FROM_OWN_BY_NAME = '  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: auth\n';

/** A base of policies and an overlay that sets `namespace:` (its line 2). */
const tree = (policies: Record<string, string>, overlay = 'resources: [../base]\nnamespace: kubeflow\n'): string =>
  tempFolderSync(
    {
      'base/kustomization.yaml': `resources:\n${['workloads.yaml', ...Object.keys(policies)].map((f) => `  - ${f}\n`).join('')}`,
      'base/workloads.yaml': DASHBOARD,
      ...Object.fromEntries(Object.entries(policies).map(([f, text]) => [`base/${f}`, text])),
      'overlay/kustomization.yaml': overlay,
    },
    'reachdiff-nsmove-',
  );

const overridden = (out: { findings: FindingJson[] }) => out.findings.filter((f) => f.code === 'NAMESPACE_OVERRIDDEN');
const lint = async (dir: string) => JSON.parse((await main(['lint', dir, '--format', 'json', '--fail-level', 'never'])).stdout);
const diff = async (base: string, head: string, ...flags: string[]) => JSON.parse((await main(['diff', base, head, '--format', 'json', '--fail-on', 'never', ...flags])).stdout);

describe('NAMESPACE_OVERRIDDEN', () => {
  it('is a notice at the metadata.namespace line naming both namespaces and the namespace: line; a warning when the moved policy selects nothing or names its written namespace', async () => {
    const dir = tree({
      'same.yaml': policy('same-namespace-auth', 'auth', SAME_NAMESPACE),
      'webhook.yaml': policy('webhook', 'cert-manager', WEBHOOK),
      'by-name.yaml': policy('from-auth', 'auth', FROM_OWN_BY_NAME),
      'plain.yaml': policy('plain', undefined, SAME_NAMESPACE),
      'kept.yaml': policy('kept', 'kubeflow', SAME_NAMESPACE),
    });
    const out = await lint(dir);
    const found = overridden(out);
    expect(found.map((f) => `${f.severity} ${f.file}:${f.line} ${f.subject}`).sort()).toEqual([
      'notice base/same.yaml:5 kubeflow/same-namespace-auth',
      'warning base/by-name.yaml:5 kubeflow/from-auth',
      'warning base/webhook.yaml:5 kubeflow/webhook',
    ]);
    const bySubject = (s: string) => found.find((f) => f.subject === s)!;
    expect(bySubject('kubeflow/same-namespace-auth').message).toBe(
      'NetworkPolicy kubeflow/same-namespace-auth is written for namespace auth (metadata.namespace), but the namespace: kubeflow of overlay/kustomization.yaml:2 replaces it, so it applies to the pods of kubeflow, not of auth.',
    );
    expect(bySubject('kubeflow/same-namespace-auth').object).toBe('auth -> kubeflow (overlay/kustomization.yaml)');
    expect(bySubject('kubeflow/webhook').message).toContain('; there its podSelector {app=webhook} selects none of the 1 workload of kubeflow.');
    // The entry's own position travels (base/by-name.yaml line 10 is the `- namespaceSelector:` entry).
    expect(bySubject('kubeflow/from-auth').message).toContain('; its ingress `from` entry at base/by-name.yaml:10 still selects namespace auth by name, now another namespace than its own.');
    // Shown as a finding, not repeated among the warnings.
    expect(out.warnings.map((w: { code: string }) => w.code)).not.toContain('KUSTOMIZE_NAMESPACE_REPLACED');
  });

  it('a namespace: in a base is found too, and the overlay moving the policy on is named', async () => {
    const dir = tempFolderSync(
      {
        'base/kustomization.yaml': 'namespace: kubeflow\nresources: [workloads.yaml, same.yaml]\n',
        'base/workloads.yaml': DASHBOARD,
        'base/same.yaml': policy('same-namespace-auth', 'auth', SAME_NAMESPACE),
        'overlay/kustomization.yaml': 'resources: [../base]\nnamespace: prod\n',
      },
      'reachdiff-nsmove-',
    );
    expect(overridden(await lint(dir)).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'base/same.yaml:5 NetworkPolicy prod/same-namespace-auth is written for namespace auth (metadata.namespace), but the namespace: kubeflow of base/kustomization.yaml:1 replaces it (and a kustomization above moves it on to prod), so it applies to the pods of prod, not of auth.',
    ]);
  });

  it('in a diff: new for an added or edited policy document and for a new move; not for a move base had; never without a written namespace', async () => {
    const before = { 'same.yaml': policy('same-namespace-auth', 'auth', SAME_NAMESPACE), 'old.yaml': policy('old', 'auth', SAME_NAMESPACE), 'plain.yaml': policy('plain', undefined, SAME_NAMESPACE) };
    const base = tree(before);
    const head = tree({
      ...before,
      // Edited: the same move, the rule changed (a port added).
      'same.yaml': policy('same-namespace-auth', 'auth', `${SAME_NAMESPACE}      ports:\n        - port: 8080\n`),
      // Added.
      'webhook.yaml': policy('webhook', 'cert-manager', WEBHOOK),
      // Edited without a written namespace: never.
      'plain.yaml': policy('plain', undefined, `${SAME_NAMESPACE}      ports:\n        - port: 8080\n`),
    });
    const out = await diff(base, head, '--all-findings');
    expect(overridden(out).map((f) => `${f.subject} ${f.severity} new=${f.new}`).sort()).toEqual([
      'kubeflow/old notice new=false',
      'kubeflow/same-namespace-auth notice new=true',
      'kubeflow/webhook warning new=true',
    ]);
    // A change that only adds the overlay's namespace: makes every move new.
    const unset = tree(before, 'resources: [../base]\n');
    expect(overridden(await diff(unset, base)).map((f) => `${f.subject} new=${f.new}`).sort()).toEqual(['kubeflow/old new=true', 'kubeflow/same-namespace-auth new=true']);
    // Nothing changed: nothing new.
    expect(overridden(await diff(base, tree(before)))).toEqual([]);
  });

  it('in a diff: not new for a policy document the change only moves to another file, new when the move edits it', async () => {
    const before = { 'policies.yaml': [policy('old', 'auth', SAME_NAMESPACE), policy('other', 'auth', WEBHOOK)].join('---\n') };
    const base = tree(before);
    // The file split, one document a file, the texts unchanged (a refactor), and one of them edited on the way.
    const split = tree({ 'policies/old.yaml': policy('old', 'auth', SAME_NAMESPACE), 'policies/other.yaml': policy('other', 'auth', WEBHOOK) });
    expect(overridden(await diff(base, split)).map((f) => `${f.subject} ${f.file} new=${f.new}`).sort()).toEqual([]);
    expect(overridden(await diff(base, split, '--all-findings')).map((f) => `${f.subject} ${f.file} new=${f.new}`).sort()).toEqual([
      'kubeflow/old base/policies/old.yaml new=false',
      'kubeflow/other base/policies/other.yaml new=false',
    ]);
    const edited = tree({ 'policies/old.yaml': policy('old', 'auth', `${SAME_NAMESPACE}      ports:\n        - port: 8080\n`), 'policies/other.yaml': policy('other', 'auth', WEBHOOK) });
    expect(overridden(await diff(base, edited)).map((f) => `${f.subject} ${f.file} new=${f.new}`)).toEqual(['kubeflow/old base/policies/old.yaml new=true']);
  });

  it('can be switched off and its severity changed per code', async () => {
    const dir = tree({ 'webhook.yaml': policy('webhook', 'cert-manager', WEBHOOK) });
    expect(overridden(JSON.parse((await main(['lint', dir, '--format', 'json', '--fail-level', 'never', '--disable', 'NAMESPACE_OVERRIDDEN'])).stdout))).toEqual([]);
    const raised = JSON.parse((await main(['lint', dir, '--format', 'json', '--fail-level', 'never', '--severity', 'NAMESPACE_OVERRIDDEN=error'])).stdout);
    expect(overridden(raised).map((f) => f.severity)).toEqual(['error']);
  });
});
