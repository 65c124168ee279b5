/**
 * A target whose only change is a new finding (a rule `policyTypes` now ignores: no path changes) has a
 * section of its own saying it, in text and Markdown, as one target alone does; it was folded into
 * "b: no change" with the finding only in the JSON.
 */
import { diffSides } from '../helpers/folder-diff.js';

const app = (ns: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const target = (ns: string, policy: string) => ({ [`${ns}/app.yaml`]: app(ns), [`${ns}/pol.yaml`]: policy, [`${ns}/kustomization.yaml`]: 'resources: [app.yaml, pol.yaml]\n' });
const base = { ...target('a', deny('a')), ...target('b', deny('b')) };
const head = { ...target('a', deny('a')), ...target('b', `${deny('b')}  egress: [{}]\n`) };

async function diff(...extra: string[]) {
  return diffSides({ base, head }).run(...extra);
}

describe('a target whose only change is a new finding', () => {
  it('text: named in the headline with its finding, and its section lists it; the unchanged target stays one word', async () => {
    const out = await diff();
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('b: no change in allowed connectivity; 1 new finding; a: no change.');
    expect(out.stdout).toContain('== b ==');
    expect(out.stdout).toMatch(/b\/pol\.yaml:7: warning: .*\[RULES_IGNORED_BY_POLICY_TYPES\]/);
    expect(out.stdout).not.toContain('== a ==');
  });

  it('Markdown: the same', async () => {
    const md = (await diff('--format', 'md')).stdout;
    expect(md).toContain('#### ⚠️ b: No change in allowed connectivity; 1 new finding.');
    expect(md).toContain('(`b/pol.yaml:7`)');
  });
});
