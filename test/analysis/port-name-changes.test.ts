/**
 * A rule naming a port (`port: pg`) that reads the same on both sides, the destination's container port renamed,
 * added or renumbered: the path is told at the container port line the change edits, first in its why
 * (analysis/port-name-changes.ts; new-user trial 50: a rename was cited at the unchanged rule only). Text,
 * Markdown and JSON (`ports-changed`). Fixtures written here.
 */
import { diffReport, diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
/** Line 17 the port's name, 18 its number. */
const db = (port: string, number = 5432) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n          ports:\n            - name: ${port}\n              containerPort: ${number}\n`;
const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: api:1\n';
/** Ingress rule at line 9, its port `pg` at 13. */
const INGRESS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-in\n  namespace: shop\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: api}}\n      ports:\n        - protocol: TCP\n          port: pg\n';
/** api's egress to db on port pg (rule at line 10). */
const EGRESS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api-out\n  namespace: shop\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n      ports:\n        - protocol: TCP\n          port: pg\n';

type Why = { kind: string; ref: { file: string; line: number }; baseRef?: { file: string; line: number }; name?: string; before?: number[]; after?: number[] };
type Json = { pairs: { src: { id: string }; dst: { id: string }; why: { opened: Why[]; closed: Why[] } }[] };
const pair = (json: string) => (JSON.parse(json) as Json).pairs.find((p) => p.src.id === 'shop/api[Deployment]' && p.dst.id === 'shop/db[Deployment]')!;

describe('a container port a rule names by name, changed on the destination', () => {
  const tree = (port: string, number?: number, policy = INGRESS): Files => ({ 'shop/db.yaml': db(port, number), 'shop/api.yaml': api, 'shop/policy.yaml': policy });

  it('renamed: the closing is told at the edited name line, in text, Markdown and JSON', async () => {
    const [base, head] = [tree('pg'), tree('postgres')];
    const text = await diffReport(base, head);
    expect(text).toContain('why: shop/db[Deployment] no longer declares port pg (TCP 5432) (shop/db.yaml:17), so NetworkPolicy shop/db-in ingress rule 1 no longer reaches it on port pg');
    // First in the why, before the unchanged rule's lines.
    expect(text.indexOf('no longer declares port pg')).toBeLessThan(text.indexOf('though the rule is unchanged'));
    expect(await diffReport(base, head, 'md')).toMatch(/no longer declares port pg \(TCP 5432\) \(.*shop\/db\.yaml:17.*\), so NetworkPolicy shop\/db-in ingress rule 1 no longer reaches it/);
    const why = pair(await diffReport(base, head, 'json')).why.closed[0];
    expect(why).toMatchObject({ kind: 'ports-changed', name: 'pg', before: [5432], after: [], ref: { file: 'shop/db.yaml', line: 17 }, baseRef: { file: 'shop/db.yaml', line: 17 } });
  });

  it('renumbered: at the containerPort line', async () => {
    const text = await diffReport(tree('pg', 5432), tree('pg', 5433));
    expect(text).toContain('shop/db[Deployment] now numbers port pg TCP 5433, not 5432 (shop/db.yaml:18), so NetworkPolicy shop/db-in ingress rule 1 reaches it on TCP 5433 instead');
  });

  it('declared by the change (an egress rule, whose name is looked up on its peer): the opening at the name line', async () => {
    const text = await diffReport(tree('postgres', 5432, EGRESS), tree('pg', 5432, EGRESS));
    expect(text).toContain('shop/db[Deployment] now declares port pg (TCP 5432) (shop/db.yaml:17), so NetworkPolicy shop/api-out egress rule 1 now reaches it on port pg');
  });

  it('ports unchanged, labels changed: no such reason', async () => {
    const head = { ...tree('pg'), 'shop/db.yaml': db('pg').replace(/app: db\}\n    spec/, 'app: db, tier: data}\n    spec') };
    expect(await diffReport(tree('pg'), head, 'json')).not.toContain('ports-changed');
  });

  it('`diff --explain` says it first too, in text and JSON', async () => {
    const sides = diffSides({ base: tree('pg'), head: tree('postgres') });
    const run = (format: string) => sides.run('--explain', 'shop/api', 'shop/db', '--format', format);
    const text = (await run('text')).stdout;
    expect(text).toContain('why: shop/db[Deployment] no longer declares port pg (TCP 5432) (shop/db.yaml:17), so NetworkPolicy shop/db-in ingress rule 1 no longer reaches it on port pg');
    const json = JSON.parse((await run('json')).stdout) as { explain: { why?: Why[] } };
    expect(json.explain.why?.map((w) => [w.kind, `${w.ref.file}:${w.ref.line}`])).toEqual([['ports-changed', 'shop/db.yaml:17']]);
  });
});
