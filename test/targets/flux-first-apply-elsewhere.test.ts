/**
 * A Flux Kustomization new on head whose first apply fails (failed-targets.ts `firstApply`) applies nothing, with
 * the Kustomizations around it: one that `dependsOn` it waits (held-targets.ts), and a new cluster whose only
 * Kustomization fails so is compared with its counterpart in another cluster (counterpart-targets.ts) as applying
 * nothing there either.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = (ns: string, name = 'open') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
const flux = (name: string, path: string, dependsOn?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n${dependsOn ? `  dependsOn: [{name: ${dependsOn}}]\n` : ''}`;
/** A policy whose port the API server refuses (line 7: the port). */
const badPort = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports: [{port: 70000}]\n`;
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  targets?: { name: string; opened: number; closed: number }[];
  notAnalysed?: { file: string; line: number; code: string; wholeTarget?: { controller: string; step?: string; firstApply?: boolean } }[];
}
const run = (base: Files, head: Files, ...extra: string[]) => diffSides({ base, head }).run(...extra);
const json = async (base: Files, head: Files) => JSON.parse((await run(base, head, '--format', 'json')).stdout) as Json;

describe('a new Flux Kustomization whose first apply fails, and a Kustomization that depends on it', () => {
  const base: Files = { 'clusters/prod/web.yaml': flux('web', './apps/web'), 'apps/web/deploy.yaml': deploy('web', 'shop'), 'apps/web/pol.yaml': deny('shop') };

  it("a dependent base has waits: its own change (an allow-all) is not applied, nothing opens, and it is said held back", async () => {
    const head = {
      ...base,
      'clusters/prod/web.yaml': flux('web', './apps/web', 'gate'),
      'apps/web/open.yaml': allowAll('shop'),
      'clusters/prod/gate.yaml': flux('gate', './apps/gate'),
      'apps/gate/bad.yaml': badPort('shop'),
    };
    const out = await run(base, head);
    expect(out.stdout).toMatch(/Flux Kustomization web \(clusters\/prod\/web\.yaml:1\) depends on Flux Kustomization gate/);
    const j = await json(base, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ controller: 'Flux Kustomization gate', firstApply: true });
  });

  it('a dependent new on head too applies nothing either', async () => {
    const head = { ...base, 'clusters/prod/open.yaml': flux('open', './apps/open', 'gate'), 'apps/open/pol.yaml': allowAll('shop'), 'clusters/prod/gate.yaml': flux('gate', './apps/gate'), 'apps/gate/bad.yaml': badPort('shop') };
    const j = await json(base, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
  });
});

describe('a new cluster whose one Kustomization fails its first apply, with a counterpart in another cluster', () => {
  // prod deploys ./apps (web behind deny); head adds cluster staging, whose overlay builds ./apps and a rejected policy.
  const base: Files = { 'clusters/prod/apps.yaml': flux('apps', './apps'), 'apps/kustomization.yaml': K('deploy.yaml, pol.yaml'), 'apps/deploy.yaml': deploy('web', 'shop'), 'apps/pol.yaml': deny('shop') };
  const staging = (extra: Files): Files => ({ ...base, 'clusters/staging/apps.yaml': flux('apps', './staging'), 'staging/kustomization.yaml': K('../apps, open.yaml'), 'staging/open.yaml': allowAll('shop'), ...extra });

  it('the guard: without a rejection, staging is compared with prod and its allow-all opens paths', async () => {
    expect((await run(base, staging({}))).stdout).toContain('compared with apps');
    const j = await json(base, staging({}));
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.summary.closed).toBe(0);
  });

  it('with one, staging applies nothing: nothing opens, and nothing of prod reads as closed', async () => {
    const head = staging({ 'staging/kustomization.yaml': K('../apps, open.yaml, bad.yaml'), 'staging/bad.yaml': badPort('shop') });
    const j = await json(base, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ firstApply: true });
    // Not said as compared with prod: what it applies (nothing) is compared with an empty cluster.
    expect((await run(base, head)).stdout).not.toContain('compared with apps');
  });
});
