/**
 * A required field left out is said in words, never as `undefined` (found by the bad-input property,
 * test/property/bad-input.test.ts: a Service port entry without `port` read "spec.ports[0].port:
 * undefined is not a port number"). quote() writes what every message quotes, so the whole class is fixed there.
 */
import { quote } from '../../src/manifests/quote.js';
import { analyzeYaml } from '../helpers/analyze.js';

it('a Service port entry without port: the message says the value is missing, at the entry line', () => {
  const yaml = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports:\n  - targetPort: 8080\n';
  const messages = analyzeYaml(yaml).loaded.diagnostics.map((d) => `${d.ref.line} ${d.message}`);
  expect(messages).toEqual([expect.stringMatching(/^7 Service shop\/web: spec\.ports\[0\]\.port: a missing value is not a port number/)]);
});

it('quote() never prints undefined', () => {
  expect(quote(undefined)).toBe('a missing value');
  expect(quote(null)).toBe('null');
});
