/**
 * A plain file holding a partial Deployment that patches another plain file's (real-eval 16:
 * 100rd/platform-design 2010d94, `orchestrator-analytics-patch.yaml` beside `deployment.yaml`, named by no
 * kustomization). It was split off as an alternative bundle of the whole one: a target "new in this change"
 * whose every path read as opened, with an error "Kubernetes will reject". It is a patch: left out, with a notice.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const WHOLE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: agent, namespace: sre}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: agent, image: agent:1}]}\n';
const PATCH = '# Strategic merge patch: adds an env var to the agent.\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: agent, namespace: sre}\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          env: [{name: DB, value: db}]\n';
const DB = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: sre}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: db:1}]}\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: sre}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: agent}}}]}]\n';
const base: Files = { 'k8s/agent/deployment.yaml': WHOLE, 'k8s/db/statefulset.yaml': DB };
const head: Files = { ...base, 'k8s/agent/agent-db-patch.yaml': PATCH, 'k8s/db/networkpolicy.yaml': POLICY };
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));

describe('a plain file that is a patch of a workload another plain file defines', () => {
  it('is left out of the plain manifests with a notice, not split off as an alternative bundle', () => {
    const sel = discoverTargets(new RepoFiles(list(head)));
    expect(sel.targets.map((t) => t.name)).toEqual(['plain manifests']);
    expect(sel.targets[0].roots).not.toContain('k8s/agent/agent-db-patch.yaml');
    expect(sel.notices.filter((n) => n.code === 'PATCH_FILE').map((n) => n.message)).toEqual([
      'Left out of the plain manifests as a patch of a workload another file defines: k8s/agent/agent-db-patch.yaml (Deployment sre/agent, without spec.selector or image; k8s/agent/deployment.yaml defines it whole). The API server rejects such a partial object, so nothing applies it as written; if a kustomization should apply it, list it under patches: there',
    ]);
  });

  it('diff: the new policy closes paths to the database; nothing reads as opened and no error is new', async () => {
    const report = await analyzeTargets(list(base), list(head));
    expect(report.targets.map((t) => [t.name, t.report.counts.opened, t.report.counts.closed > 0, t.report.counts.errors])).toEqual([['plain manifests', 0, true, 0]]);
  });

  it('a second whole definition is still an alternative bundle', () => {
    const sel = discoverTargets(new RepoFiles(list({ ...base, 'k8s/agent/ha/deployment.yaml': WHOLE.replace('agent:1', 'agent:2') })));
    expect(sel.targets.length).toBeGreaterThan(1);
    expect(sel.notices.filter((n) => n.code === 'PATCH_FILE')).toEqual([]);
  });
});
