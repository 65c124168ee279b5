/**
 * A report over several targets lists each shown section's errors once, in the section; an error of a target
 * with no section (no change) stays counted among the warnings at the end (real-eval 11 rerun: OLM dcd8ad89c
 * lost its "15 pre-existing warnings in unchanged files" line when every error left that list).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';

const K = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const deploy = (ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const broken = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n    - form: [{podSelector: {}}]\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: b}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const list = (o: Record<string, string>) => Object.entries(o).map(([path, text]) => ({ path, text }));

test("an unchanged target's pre-existing error is still among the warnings at the end", async () => {
  const common = { 'a/kustomization.yaml': `${K}resources: [app.yaml, policy.yaml]\n`, 'a/app.yaml': deploy('a'), 'a/policy.yaml': broken, 'b/app.yaml': deploy('b') };
  const report = await analyzeTargets(list({ ...common, 'b/kustomization.yaml': `${K}resources: [app.yaml]\n` }), list({ ...common, 'b/kustomization.yaml': `${K}resources: [app.yaml, deny.yaml]\n`, 'b/deny.yaml': deny }));
  const text = targetsText(report);
  expect(text.split('\n')[0]).toMatch(/^b: \d+ paths? closed;.* a: no change\.$/);
  // Listed with the warnings (a diff given the changed files counts them: "2 pre-existing warnings in unchanged files").
  expect(text).toContain('a/policy.yaml:7: error: NetworkPolicy a/p: unknown field `spec.ingress[0].form`');
});
