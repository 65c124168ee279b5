/**
 * A document is cited at its first line of content, not at the comments above it: in `helm template` output each
 * document starts with a `# Source: chart/templates/x.yaml` comment, and the rollback's steps, the JSON's
 * `changedDocuments[].line` and `rollback.documents[].line`, a moved document's old place, the note on an object a
 * controller does not prune and warnings about a whole document stood at that comment, a line above the
 * `apiVersion:` where every object of the document is cited. Fixtures written here, as `helm template` writes them.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';
import { diffReport } from '../helpers/folder-diff.js';

const deployment = (name: string) => `---
# Source: mychart/templates/${name}.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: nginx
`;
/** Its `# Source:` comment at line 2 of its own text, `apiVersion:` at line 3. */
const policy = (peer: string) => `---
# Source: mychart/templates/networkpolicy.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: ${peer}}
`;
/** Two deployments of 17 lines each, then the policy: its comment at line 36, its `apiVersion:` at 37. */
const chart = (withPolicy: boolean) => `${deployment('web')}${deployment('db')}${withPolicy ? policy('web') : ''}`;

interface Json {
  changedDocuments: { key: string; line: number; movedFrom?: { line: number } }[];
  rollback: { documents: { key: string; line: number; movedFrom?: { line: number } }[] };
}
const lines = (json: string) => {
  const j = JSON.parse(json) as Json;
  return [j.changedDocuments.map((c) => [c.line, c.movedFrom?.line]), j.rollback.documents.map((d) => [d.line, d.movedFrom?.line])];
};

describe('a document of `helm template` output is cited at its apiVersion line, not its # Source: comment', () => {
  const withPolicy = { 'rendered/chart.yaml': chart(true) };
  const without = { 'rendered/chart.yaml': chart(false) };

  it('a removed document: the rollback restores it at base\'s apiVersion line (text, Markdown, JSON)', async () => {
    expect(await diffReport(withPolicy, without, 'text')).toContain('restore NetworkPolicy/shop/db-ingress (base:rendered/chart.yaml:37)');
    expect(await diffReport(withPolicy, without, 'md')).toMatch(/restore NetworkPolicy\/shop\/db-ingress \(`base:rendered\/chart\.yaml:37`/);
    expect(lines(await diffReport(withPolicy, without, 'json'))).toEqual([[[37, undefined]], [[37, undefined]]]);
  });

  it('an added document: at head\'s apiVersion line', async () => {
    // It only closes paths: no rollback.
    expect(lines(await diffReport(without, withPolicy, 'json'))).toEqual([[[37, undefined]], []]);
  });

  it('a document moved to another file and edited: both places at their apiVersion lines', async () => {
    const moved = { 'rendered/chart.yaml': chart(false), 'rendered/policy.yaml': policy('other') };
    expect(await diffReport(withPolicy, moved, 'text')).toContain('revert NetworkPolicy/shop/db-ingress (moved from base:rendered/chart.yaml:37 to rendered/policy.yaml:3)');
    expect(lines(await diffReport(withPolicy, moved, 'json'))).toEqual([[[3, 37]], [[3, 37]]]);
  });

  it('warnings about a whole document: at its content, not the comment above it', async () => {
    const twice = `${policy('web')}${policy('web').replace('app: web', 'app: api')}`;
    const odd = '---\n# Source: mychart/templates/notes.yaml\njust a string\n';
    const out = await main(['lint', await tempFolder({ 'rendered/chart.yaml': `${twice}${odd}` })]);
    const said = `${out.stdout}${out.stderr}`;
    expect(said).toContain('rendered/chart.yaml:18: warning: NetworkPolicy shop/db-ingress is defined more than once (rendered/chart.yaml:3 and here)');
    expect(said).toContain('rendered/chart.yaml:33: warning: not a Kubernetes object: a string');
  });

  it('a removed object a controller does not prune: the note cites its apiVersion line', async () => {
    const flux = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./rendered\n  prune: false\n  sourceRef: {kind: GitRepository, name: flux-system}\n';
    const text = await diffReport({ ...withPolicy, 'clusters/prod/shop.yaml': flux }, { ...without, 'clusters/prod/shop.yaml': flux }, 'text');
    expect(text).toContain('note: NetworkPolicy shop/db-ingress (base:rendered/chart.yaml:37) is removed from the repository but stays in the cluster');
  });
});
