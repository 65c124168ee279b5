/**
 * A Flux Kustomization new on head (base's model has none) whose build holds an object the API server rejects: its
 * first apply fails at kustomize-controller's server-side dry-run, so none of its objects reach the cluster
 * (targets/failed-targets.ts `firstApply`). It is read as applying nothing, as on base: its allow-all opens
 * nothing; the run fails at the rejected field. A child new only because its parent's build fails on base
 * (parent-failed-on-base.ts) probably ran all along, with objects base's model does not hold: the per-object
 * reading stays.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
const flux = (name: string, path: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
/** A policy whose port the API server refuses (line 7: the port). */
const badPort = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports: [{port: 70000}]\n`;

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  notAnalysed?: { file: string; line: number; code: string; changedFiles: string[]; wholeTarget?: { controller: string; file?: string; line?: number; step?: string; firstApply?: boolean } }[];
}

const run = (base: Files, head: Files, ...extra: string[]) => diffSides({ base, head }).run(...extra);
const json = async (base: Files, head: Files) => JSON.parse((await run(base, head, '--format', 'json')).stdout) as Json;

describe("a new Flux Kustomization whose head build holds an object the API server rejects: its first apply fails", () => {
  // web (shop) behind its deny policy; head adds Kustomization `open`, whose build opens shop to all.
  const base: Files = { 'clusters/prod/web.yaml': flux('web', './apps/web'), 'apps/web/deploy.yaml': deploy('web', 'shop'), 'apps/web/pol.yaml': deny('shop') };
  const opening: Files = { ...base, 'clusters/prod/open.yaml': flux('open', './apps/open'), 'apps/open/pol.yaml': allowAll('shop') };

  it('without a rejection, the new Kustomization\'s allow-all opens paths (the guard)', async () => {
    const j = await json(base, opening);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });

  it('with one, none of its objects reach the cluster: nothing opens; exit 1 at the rejected field, said as its first apply failing', async () => {
    const head = { ...opening, 'apps/open/extra.yaml': badPort('shop') };
    const out = await run(base, head);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(
      "apps/open/extra.yaml:7: error: NetworkPolicy shop/web-in: spec.ingress[0].ports[0]: port 70000 is not in 1-65535 [PORT_OUT_OF_RANGE] (changed here: apps/open/extra.yaml, apps/open/pol.yaml, clusters/prod/open.yaml; Flux Kustomization open fails its whole apply on it (the API server rejects the object at its server-side dry-run, after its first stage, which applies Namespaces and CRDs on their own and leaves the build's Namespaces as base has them), so its first apply fails and none of its objects reach the cluster)",
    );
    const j = await json(base, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed).toEqual([
      expect.objectContaining({ file: 'apps/open/extra.yaml', line: 7, code: 'PORT_OUT_OF_RANGE', changedFiles: ['apps/open/extra.yaml', 'apps/open/pol.yaml', 'clusters/prod/open.yaml'], wholeTarget: { controller: 'Flux Kustomization open', file: 'clusters/prod/open.yaml', line: 1, step: 'apply', firstApply: true } }),
    ]);
  });

  it("a file base's Kustomization applied and head moves into the new one is not brought back: pruned from the old, never applied by the new", async () => {
    // Base's `all` applies ./apps, shop's allow-all too; head narrows it to ./apps/web and moves the allow-all to new `open`.
    const wide = { 'clusters/prod/web.yaml': flux('all', './apps'), 'apps/web/deploy.yaml': deploy('web', 'shop'), 'apps/web/pol.yaml': deny('shop'), 'apps/open/pol.yaml': allowAll('shop') };
    const head = { ...wide, 'clusters/prod/web.yaml': flux('all', './apps/web'), 'clusters/prod/open.yaml': flux('open', './apps/open'), 'apps/open/extra.yaml': badPort('shop') };
    const j = await json(wide, head);
    expect(j.summary).toMatchObject({ opened: 0, notAnalysed: 1 });
    expect(j.summary.closed).toBeGreaterThan(0);
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ controller: 'Flux Kustomization open', firstApply: true });
  });

  it("a Kustomization base's model holds keeps base's state (no firstApply)", async () => {
    const withOpen = { ...opening, 'apps/open/pol.yaml': deny('shop').replace('name: deny', 'name: open') };
    const j = await json(withOpen, { ...opening, 'apps/open/extra.yaml': badPort('shop') });
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed?.[0].wholeTarget).toEqual({ controller: 'Flux Kustomization open', file: 'clusters/prod/open.yaml', line: 1, step: 'apply' });
  });
});

describe("a child new only because its parent's build fails on base keeps the per-object reading", () => {
  const URL = 'https://github.com/example/cluster';
  const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\n${flux('workloads', './workloads')}`;
  const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
  const common: Files = {
    'flux/sync.yaml': SYNC,
    'workloads/default/kustomization.yaml': K('web/ks.yaml'),
    'workloads/default/web/ks.yaml': flux('web', './workloads/default/web/app'),
    'workloads/default/web/app/kustomization.yaml': K('deploy.yaml'),
    'workloads/default/web/app/deploy.yaml': deploy('web', 'shop'),
  };
  // Base lists `vpn`, which only head adds: base's parent build fails, so web is no target of base.
  const BASE: Files = { ...common, 'workloads/kustomization.yaml': K('default, vpn') };
  const HEAD: Files = { ...BASE, 'workloads/vpn/kustomization.yaml': K('ns.yaml'), 'workloads/vpn/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: vpn}\n' };
  const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

  it('its Flux Kustomization ran all along (Flux keeps what it last applied): no whole-target hold, its paths still compared with nothing', async () => {
    const head = { ...HEAD, 'workloads/default/web/app/kustomization.yaml': K('deploy.yaml, bad.yaml'), 'workloads/default/web/app/bad.yaml': badPort('shop') };
    const r = await analyzeTargets(asList(BASE), asList(head), { discover: { repoUrls: [URL] } });
    const web = r.targets.find((t) => t.name === 'web')!;
    expect(web.parentFailedOnBase).toBeDefined();
    expect(web.report.notAnalysed ?? []).toEqual([]);
    expect(web.report.counts.opened).toBeGreaterThan(0);
    expect(web.report.errors.introduced.map((d) => d.code)).toContain('PORT_OUT_OF_RANGE');
  });
});
