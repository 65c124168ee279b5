/**
 * A Flux post-build value the change edits is where what it changes is cited (analysis/substituted-lines.ts):
 * `API_PORT: "8080"` → `"9090"` in a Flux Kustomization's `postBuild.substitute` opened a port cited at the
 * policy's `ports` line, in a file the pull request does not touch (cite49, left over). Plain folders (the text
 * substituted), folders a kustomization builds (the objects substituted), and `substituteFrom` ConfigMaps alike.
 * Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;
/** The rule at line 9, its port at 13. */
const POLICY =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: web}\n      ports:\n        - port: ${API_PORT}\n';
/** `postBuild` at line 14; inline values from line 16 (`API_PORT` first). */
const flux = (postBuild: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/shop\n  prune: true\n  targetNamespace: shop\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n${postBuild}`;
const INLINE = (port: string) => `    substitute:\n      API_PORT: "${port}"\n      OTHER: x\n`;
/** `API_PORT` at line 7 of the ConfigMap's file. */
const VARS = (port: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vars\n  namespace: flux-system\ndata:\n  API_PORT: "${port}"\n`;

function tree(port: string, { built = false, from = false } = {}): Files {
  return {
    'clusters/prod/apps.yaml': flux(from ? '    substituteFrom:\n      - kind: ConfigMap\n        name: vars\n' : INLINE(port)),
    ...(from ? { 'clusters/prod/vars.yaml': VARS(port) } : {}),
    'apps/shop/app.yaml': `${deploy('api')}---\n${deploy('web')}`,
    'apps/shop/policy.yaml': POLICY,
    ...(built ? { 'apps/shop/kustomization.yaml': 'resources:\n  - app.yaml\n  - policy.yaml\n' } : {}),
  };
}

type Reason = { kind: string; side: string; ref?: { file: string; line: number } };
/** `side:file:line` of every rule reason of the JSON report, once each. */
function ruleLines(json: string): string[] {
  const pairs = (JSON.parse(json) as { pairs: { why: { opened: Reason[]; closed: Reason[] } }[] }).pairs;
  const lines = pairs.flatMap((p) => [...p.why.opened, ...p.why.closed].filter((r) => r.kind === 'allowed-by-rule' && r.ref).map((r) => `${r.side}:${r.ref!.file}:${r.ref!.line}`));
  return [...new Set(lines)].sort();
}

describe('a changed Flux post-build value', () => {
  for (const built of [false, true]) {
    it(`postBuild.substitute (${built ? 'a kustomization builds the folder' : 'a plain folder'}): cited at the value's line, both sides, in text, Markdown and JSON`, async () => {
      const [base, head] = [tree('8080', { built }), tree('9090', { built })];
      const text = await diffReport(base, head);
      expect(text).toContain('(1 rule, clusters/prod/apps.yaml:16)');
      expect(text).toContain('base:clusters/prod/apps.yaml:16');
      expect(text).not.toMatch(/apps\/shop\/policy\.yaml:(9|13)\b/);
      const md = await diffReport(base, head, 'md');
      expect(md).toContain('clusters/prod/apps.yaml:16');
      expect(md).not.toMatch(/apps\/shop\/policy\.yaml:(9|13)\b/);
      expect(ruleLines(await diffReport(base, head, 'json'))).toEqual(['base:clusters/prod/apps.yaml:16', 'head:clusters/prod/apps.yaml:16']);
    });
  }

  it('a substituteFrom ConfigMap: cited at its data key', async () => {
    const json = await diffReport(tree('8080', { from: true }), tree('9090', { from: true }), 'json');
    expect(ruleLines(json)).toEqual(['base:clusters/prod/vars.yaml:7', 'head:clusters/prod/vars.yaml:7']);
  });

  it('the policy file edited itself: cited there, not at an untouched value', async () => {
    const head = { ...tree('8080'), 'apps/shop/policy.yaml': POLICY.replace('{app: web}', '{app: api}') };
    const text = await diffReport(tree('8080'), head);
    expect(text).not.toContain('clusters/prod/apps.yaml:16');
    expect(text).toMatch(/apps\/shop\/policy\.yaml:1[01]\b/);
  });
});
