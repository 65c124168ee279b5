/**
 * A policy named (or placed in a namespace named) as the API server refuses — `Deny_All`, `namespace: Shop` — is
 * never created. One side is analysed as the peer tools read it (as if the name were valid: their test suites hold
 * such names), but a diff creates no such object that base does not hold, and keeps base's object its document
 * stood for when head renamed that one so (the sync fails on it; nothing removes base's). A policy base already
 * held under that name is analysed as read on both sides.
 */
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { tempFolderSync } from '../helpers/git.js';

const APPS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
${appDeployment('api', 'shop', ', ports: [{containerPort: 8080}]')}---
${appDeployment('web', 'shop')}`;

const denyAll = (name: string, namespace = 'shop', extra = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector: {}${extra}
`;

const folder = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-refused-');
const withApps = (deny?: string) => folder(deny === undefined ? { 'apps.yaml': APPS } : { 'apps.yaml': APPS, 'deny.yaml': deny });

describe('a name the API server refuses', () => {
  it('a new policy so named is not created: nothing closes, and the error says why', async () => {
    const out = await main(['diff', withApps(), withApps(denyAll('Deny_All'))]);
    expect(out.stdout).toMatch(/^1 error Kubernetes will reject; no change in allowed connectivity\./);
    expect(out.stdout).toContain('deny.yaml:1: error: NetworkPolicy name "Deny_All" must be a lowercase DNS-1123 subdomain (letters, digits, "-" and "."); the API server rejects the object, so it is not created (analysed without it) [INVALID_NAME]');
    expect(out.exitCode).toBe(1);
    const json = JSON.parse((await main(['diff', withApps(), withApps(denyAll('Deny_All')), '--format', 'json'])).stdout) as { pairs: unknown[]; errors: { introduced: { code: string }[] } };
    expect(json.pairs).toEqual([]);
    expect(json.errors.introduced.map((e) => e.code)).toEqual(['INVALID_NAME']);
  });

  it('one side alone is read as the peer tools read it: the policy applies', async () => {
    const out = await main(['list', withApps(denyAll('Deny_All'))]);
    expect(out.stdout).not.toContain('shop/web[Deployment] => shop/api[Deployment]');
  });

  it('a policy renamed so keeps base’s in the cluster: nothing opens, and the error names the object kept', async () => {
    const out = await main(['diff', withApps(denyAll('deny-all')), withApps(denyAll('Deny_All'))]);
    expect(out.stdout).toMatch(/^1 error Kubernetes will reject; no change in allowed connectivity\./);
    expect(out.stdout).toContain('the API server rejects head\'s version, so it is not created and nothing removes NetworkPolicy shop/deny-all; the cluster keeps base\'s version (base:deny.yaml:1); analysed with base\'s');
    // The loader's clause (read on one side as if valid) is told instead, not kept beside (Diagnostic `refusedName`).
    expect(out.stdout).toContain('deny.yaml:1: error: NetworkPolicy name "Deny_All" must be a lowercase DNS-1123 subdomain (letters, digits, "-" and "."): the API server rejects head\'s version');
    expect(out.stdout).not.toContain('analysed as if the name were valid');
  });

  it('a policy moved to a namespace so named likewise keeps base’s', async () => {
    const out = await main(['diff', withApps(denyAll('deny-all')), withApps(denyAll('deny-all', 'Shop'))]);
    expect(out.stdout).toMatch(/no change in allowed connectivity\./);
    expect(out.stdout).toContain('namespace "Shop" must be a lowercase DNS-1123 label');
    expect(out.stdout).toContain('nothing removes NetworkPolicy shop/deny-all');
  });

  it('a policy base already held under that name is read on both sides: its edit is analysed', async () => {
    const admitWeb = '\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]';
    const out = await main(['diff', withApps(denyAll('Deny_All')), withApps(denyAll('Deny_All', 'shop', admitWeb)), '--format', 'json']);
    const json = JSON.parse(out.stdout) as { pairs: { src: { id: string }; dst: { id: string }; opened: unknown }[]; errors: { introduced: unknown[]; preExisting: number } };
    expect(json.pairs.filter((p) => p.opened !== null).map((p) => `${p.src.id} => ${p.dst.id}`)).toContain('shop/web[Deployment] => shop/api[Deployment]');
    expect(json.errors.introduced).toEqual([]);
  });
});
