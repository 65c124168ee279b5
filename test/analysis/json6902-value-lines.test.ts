/**
 * A change made by a JSON 6902 operation is cited where its value is written, the line a pull request edits:
 * an overlay's inline `replace …/port` with `value: 5353` was cited at `- op: replace` (new-user 49, finding 3),
 * and the rule an `add …/from/-` gives a peer at the operation, above the peer's own line.
 * Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;
const POLICY =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: web}\n      ports:\n        - port: 8080\n';
/** Line 7 `patch: |-`, 8 `- op:`, 9 `path:`, 10 `value:`. */
const overlay = (ops: string) => `resources:\n  - ../../base\npatches:\n  - target:\n      kind: NetworkPolicy\n      name: allow-api\n    patch: |-\n${ops}`;
const REPLACE = (port: number) => `      - op: replace\n        path: /spec/ingress/0/ports/0/port\n        value: ${port}\n`;
const ADD_PEER = '      - op: add\n        path: /spec/ingress/0/from/-\n        value:\n          namespaceSelector:\n            matchLabels: {team: b}\n';
const tree = (ops?: string): Files => ({
  'base/kustomization.yaml': 'namespace: shop\nresources:\n  - apps.yaml\n  - policy.yaml\n',
  'base/apps.yaml': `${deploy('api')}---\n${deploy('web')}`,
  'base/policy.yaml': POLICY,
  'overlays/prod/kustomization.yaml': ops === undefined ? 'resources:\n  - ../../base\n' : overlay(ops),
});

type Ref = { file: string; line: number };
type Reason = { kind: string; side?: string; ref?: Ref };
type Json = { pairs: { why: { opened: Reason[]; closed: Reason[] } }[] };
/** `side:file:line` of every rule reason of the JSON report (one target: its pairs), once each. */
function ruleLines(json: string): string[] {
  const lines = (JSON.parse(json) as Json).pairs.flatMap((p) => [...p.why.opened, ...p.why.closed].filter((r) => r.kind === 'allowed-by-rule' && r.ref).map((r) => `${r.side}:${r.ref!.file}:${r.ref!.line}`));
  return [...new Set(lines)].sort();
}

describe('an inline JSON 6902 patch of a kustomization', () => {
  const FILE = 'overlays/prod/kustomization.yaml';

  it('a replace added: cited at its `value:` line (10), not `- op:` (8) nor `patch:` (7), in text, Markdown and JSON', async () => {
    const [base, head] = [tree(), tree(REPLACE(9090))];
    const text = await diffReport(base, head);
    expect(text).toContain(`(1 rule, ${FILE}:10)`);
    expect(text).not.toMatch(/kustomization\.yaml:[78]\b/);
    const md = await diffReport(base, head, 'md');
    expect(md).toContain(`${FILE}:10`);
    expect(md).not.toMatch(/kustomization\.yaml:[78]\b/);
    // The closed port's rule as base writes it, untouched: base's own line.
    expect(ruleLines(await diffReport(base, head, 'json'))).toEqual(['base:base/policy.yaml:9', `head:${FILE}:10`]);
  });

  it("the value edited: head's and base's `value:` lines", async () => {
    const json = await diffReport(tree(REPLACE(9090)), tree(REPLACE(9191)), 'json');
    expect(ruleLines(json)).toEqual([`base:${FILE}:10`, `head:${FILE}:10`]);
    expect(await diffReport(tree(REPLACE(9090)), tree(REPLACE(9191)))).toContain(`(1 rule, ${FILE}:10)`);
  });

  it('a peer added as a mapping value: the rule cited where the value is written (10), where the peer is', async () => {
    const [base, head] = [tree(), tree(ADD_PEER)];
    const text = await diffReport(base, head);
    expect(text).toContain(`(1 rule, ${FILE}:10)`);
    expect(text).not.toMatch(/kustomization\.yaml:[789]\b/);
    expect(ruleLines(await diffReport(base, head, 'json'))).toEqual([`head:${FILE}:10`]);
    expect(await diffReport(base, head, 'md')).toContain(`${FILE}:10`);
  });
});
