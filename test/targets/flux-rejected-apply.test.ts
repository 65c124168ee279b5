/**
 * Flux applies a Kustomization's build as one set: kustomize-controller's server-side dry-run of every object runs
 * first, and one object the API server rejects fails the whole apply, so nothing of head's revision is applied and
 * the cluster keeps base's state of that whole target (targets/failed-targets.ts). Another file's change in that
 * target opens nothing; the run fails at the rejected object's line. Another Kustomization of the cluster, and a
 * plain folder (`kubectl apply -f`, file by file), keep the per-object reading.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = (ns: string) => `${deny(ns)}  ingress: [{}]\n`;
const flux = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n${extra}`;
/** A policy whose port the API server refuses (line 7: the port). */
const badPort = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports: [{port: 70000}]\n`;

/** web (shop) and db (data), each with its deny policy. */
const apps = (webPol: string): Files => ({
  'apps/web/deploy.yaml': deploy('web', 'shop'),
  'apps/web/pol.yaml': webPol,
  'apps/db/deploy.yaml': deploy('db', 'data'),
  'apps/db/pol.yaml': deny('data'),
});

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  notAnalysed?: { file: string; line: number; code: string; message: string; changedFiles: string[]; wholeTarget?: { controller: string; file?: string; line?: number; step?: string } }[];
}

const run = (base: Files, head: Files, ...extra: string[]) => diffSides({ base, head }).run(...extra);
const json = async (base: Files, head: Files) => JSON.parse((await run(base, head, '--format', 'json')).stdout) as Json;

describe('an object the API server rejects fails a Flux Kustomization\'s whole apply', () => {
  const controller = { 'clusters/prod/apps.yaml': flux('apps', './apps') };
  const base = { ...controller, ...apps(deny('shop')) };

  it('a new rejected object keeps base\'s state of the whole target: another file\'s allow-all opens nothing; exit 1 at the rejected field', async () => {
    const head = { ...controller, ...apps(allowAll('shop')), 'apps/db/extra.yaml': badPort('data') };
    const out = await run(base, head);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/^1 changed build not analysed \(failing on head\); no change in what could be analysed\./);
    expect(out.stdout).toContain(
      'apps/db/extra.yaml:7: error: NetworkPolicy data/web-in: spec.ingress[0].ports[0]: port 70000 is not in 1-65535 [PORT_OUT_OF_RANGE] (changed here: apps/db/extra.yaml, apps/web/pol.yaml; Flux Kustomization apps fails its whole apply on it (the API server rejects the object at its server-side dry-run, after its first stage, which applies Namespaces and CRDs on their own and leaves the build\'s Namespaces as base has them), so the cluster keeps base\'s state of that whole target)',
    );
    const j = await json(base, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed).toEqual([
      expect.objectContaining({ file: 'apps/db/extra.yaml', line: 7, code: 'PORT_OUT_OF_RANGE', changedFiles: ['apps/db/extra.yaml', 'apps/web/pol.yaml'], wholeTarget: { controller: 'Flux Kustomization apps', file: 'clusters/prod/apps.yaml', line: 1, step: 'apply' } }),
    ]);
  });

  it('an edit that makes an existing object rejected keeps the whole target at base too (not only that object)', async () => {
    const withWebIn = { ...base, 'apps/db/extra.yaml': badPort('data').replace('70000', '8080') };
    const head = { ...controller, ...apps(allowAll('shop')), 'apps/db/extra.yaml': badPort('data') };
    const j = await json(withWebIn, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed?.[0]).toMatchObject({ file: 'apps/db/extra.yaml', line: 7, wholeTarget: { controller: 'Flux Kustomization apps', step: 'apply' } });
  });

  it('a rejection base has too is older than the pull request: the per-object reading stays', async () => {
    const old = { ...base, 'apps/db/extra.yaml': badPort('data') };
    const head = { ...old, ...apps(allowAll('shop')) };
    const j = await json(old, head);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });

  it('another Flux Kustomization of the cluster is analysed as head has it; a dependent of the failing one is held too', async () => {
    const two = {
      'clusters/prod/web.yaml': flux('web', './apps/web'),
      'clusters/prod/db.yaml': flux('db', './apps/db'),
    };
    const head = { ...two, ...apps(allowAll('shop')), 'apps/db/extra.yaml': badPort('data') };
    const j = await json({ ...two, ...apps(deny('shop')) }, head);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed).toEqual([expect.objectContaining({ code: 'PORT_OUT_OF_RANGE', changedFiles: ['apps/db/extra.yaml'], wholeTarget: expect.objectContaining({ controller: 'Flux Kustomization db', step: 'apply' }) })]);
    // web waits on db (dependsOn): db is not Ready, so web's allow-all is not applied either.
    const waits = { ...two, 'clusters/prod/web.yaml': flux('web', './apps/web', '  dependsOn: [{name: db}]\n') };
    const held = await run({ ...waits, ...apps(deny('shop')) }, { ...waits, ...apps(allowAll('shop')), 'apps/db/extra.yaml': badPort('data') }, '--format', 'json');
    expect((JSON.parse(held.stdout) as Json).summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
  });

  it('a plain folder (kubectl apply -f, object by object) keeps the per-object reading', async () => {
    const head = { ...apps(allowAll('shop')), 'apps/db/extra.yaml': badPort('data') };
    const j = await json(apps(deny('shop')), head);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });
});
