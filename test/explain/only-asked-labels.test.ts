/**
 * An abstract end whose parts differ: the first lines say what the pods with only the asked labels get, the
 * pods the reader asked about, before the parts (new-user trial 41, finding 10: Tsuguya/home 04c6c49, base read
 * "PARTLY ALLOWED" only because a pod that also carried renovate=true would be allowed; pods with just
 * image-digest-audit=true were DENIED in base and ALLOWED in head, said nowhere first).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const NGINX = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx, namespace: harbor}\nspec:\n  selector: {matchLabels: {app: nginx}}\n  template:\n    metadata: {labels: {app: nginx}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: argo}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
const allow = (label: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${label}, namespace: argo}\nspec:\n  podSelector: {matchLabels: {${label}: "true"}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: harbor}}, podSelector: {matchLabels: {app: nginx}}}]\n      ports: [{protocol: TCP, port: 8443}]\n`;
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: argo}\n';
const side = (audit: boolean) => ({ 'harbor.yaml': NGINX, 'argo.yaml': [NS, DENY, allow('renovate'), ...(audit ? [allow('audit')] : [])].join('---\n') });
const FROM = 'argo/[pod with {audit=true}]';

describe('explain: the pods with only the asked labels first (new-user trial 41, finding 10)', () => {
  it('one side: PARTLY ALLOWED, then what pods with only {audit=true} get', async () => {
    const base = await tempFolder(side(false));
    const out = (await main(['explain', base, '--from', FROM, '--to', 'harbor/nginx', '--port', '8443'])).stdout.split('\n');
    expect(out[0]).toMatch(/: PARTLY ALLOWED$/);
    expect(out[1]).toBe('Pods with only the asked labels: DENIED; pods that also carry other labels differ (the parts below)');
    // The JSON adds it beside the parts (`abstractParts.onlyAsked`).
    expect((await main(['explain', base, '--from', FROM, '--to', 'harbor/nginx', '--port', '8443', '--format', 'json'])).stdout).toContain('"onlyAsked"');
  });

  it('diff --explain: the change for some of these pods, and for those with only the asked labels: DENIED in base, ALLOWED in head', async () => {
    const [base, head] = [await tempFolder(side(false)), await tempFolder(side(true))];
    const out = await main(['diff', base, head, '--explain', FROM, 'harbor/nginx', '--port', '8443', '--fail-on', 'never']);
    expect(out.stdout.split('\n')[0]).toMatch(/the change opens TCP 8443 for some of these pods \(see the parts below\); pods with only the asked labels: DENIED in base, ALLOWED in head$/);
  });
});

describe('the asked peer written with expressions (ux42 left #10: new-user trial 41 asked {workflows.argoproj.io/workflow Exists})', () => {
  const byExists = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: workflows, namespace: argo}\nspec:\n  podSelector: {matchExpressions: [{key: workflow, operator: Exists}]}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: harbor}}, podSelector: {matchLabels: {app: nginx}}}]\n      ports: [{protocol: TCP, port: 8443}]\n`;
  const sides = (added: boolean) => ({ 'harbor.yaml': NGINX, 'argo.yaml': [NS, DENY, allow('renovate'), ...(added ? [byExists] : [])].join('---\n') });

  it('{k Exists}: the pods carrying the key and nothing else are singled out', async () => {
    const base = await tempFolder(sides(false));
    const out = (await main(['explain', base, '--from', 'argo/[pod with {workflow Exists}]', '--to', 'harbor/nginx', '--port', '8443'])).stdout.split('\n');
    expect(out[0]).toMatch(/: PARTLY ALLOWED$/);
    expect(out[1]).toBe('Pods with only the asked labels: DENIED; pods that also carry other labels differ (the parts below)');
  });

  it('diff --explain with {k Exists} and {k In (a,b)}: DENIED in base, ALLOWED in head', async () => {
    const [base, head] = [await tempFolder(sides(false)), await tempFolder(sides(true))];
    for (const from of ['argo/[pod with {workflow Exists}]', 'argo/[pod with {workflow In (a,b)}]']) {
      const out = await main(['diff', base, head, '--explain', from, 'harbor/nginx', '--port', '8443', '--fail-on', 'never']);
      expect(out.stdout.split('\n')[0]).toMatch(/for some of these pods \(see the parts below\); pods with only the asked labels: DENIED in base, ALLOWED in head$/);
    }
  });

  it('{k In (a,b)} whose values the policies tell apart: no single answer, no line', async () => {
    const onlyA = byExists.replace('{matchExpressions: [{key: workflow, operator: Exists}]}', '{matchLabels: {workflow: a}}');
    const base = await tempFolder({ 'harbor.yaml': NGINX, 'argo.yaml': [NS, DENY, allow('renovate'), onlyA].join('---\n') });
    const out = (await main(['explain', base, '--from', 'argo/[pod with {workflow In (a,b)}]', '--to', 'harbor/nginx', '--port', '8443'])).stdout;
    expect(out).toMatch(/: PARTLY ALLOWED\n/);
    expect(out).not.toContain('Pods with only the asked labels');
  });
});
