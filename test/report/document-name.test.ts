/** Rollback steps name documents as people write them: no empty namespace, no Namespace named twice. */
import { documentName } from '../../src/report/document-step.js';

test.each([
  ['NetworkPolicy/shop/deny', 'NetworkPolicy/shop/deny'],
  ['AdminNetworkPolicy//deny-all', 'AdminNetworkPolicy/deny-all'],
  ['Namespace/hello-apps/hello-apps', 'Namespace/hello-apps'],
  ['Namespace/a/a + Deployment/a/a', 'Namespace/a + Deployment/a/a'],
  ['Deployment/shop/shop', 'Deployment/shop/shop'],
])('%s → %s', (key, name) => {
  expect(documentName(key)).toBe(name);
});
