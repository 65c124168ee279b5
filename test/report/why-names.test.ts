/** Why lines name a policy with its kind: "NetworkPolicy shop/cart", never a bare name that is also a workload's. */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { reasonText } from '../../src/report/reason-text.js';

const cart = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: cart}\n';
const web = cart.replace(/cart/g, 'web');
const policy = (from: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: cart, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: cart}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: ${from}}}\n`;

it('every kind of reason names the policy as "NetworkPolicy namespace/name"', () => {
  const files = (from: string | undefined) => [{ path: 'apps.yaml', text: `${cart}---\n${web}` }, ...(from ? [{ path: 'np.yaml', text: policy(from) }] : [])];
  const reports = [analyzeDiff(files('nobody'), files('web')), analyzeDiff(files('web'), files('nobody')), analyzeDiff(files(undefined), files('nobody')), analyzeDiff(files('web'), files(undefined))];
  const texts = reports.flatMap((r) => r.pairs.flatMap((p) => [...p.whyOpened, ...p.whyClosed])).filter((r) => 'policy' in r).map((r) => reasonText(r));
  expect(texts.length).toBeGreaterThanOrEqual(4);
  for (const t of texts) expect(t).toMatch(/NetworkPolicy shop\/cart\b/);
});
