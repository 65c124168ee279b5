/**
 * A change that adds the folder a controller object's path names: base's note of that path said "does not exist
 * in this repository", though head has it (each side is discovered alone: real repositories 44, soerenschneider
 * 779d610). Base's note says it of base; a path missing on both sides is said as before. A configured target's root
 * that matches nothing on one side said "on this side" without naming it: the note names the side.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/lab';
const K = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deny.yaml]\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const GIT = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: lab, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: lab}\n`;
const app = (name: string, path: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: ${URL}, targetRevision: main, path: ${path}}\n  destination: {server: https://kubernetes.default.svc, namespace: web}\n`;
const folder = (path: string): Files => ({ [`${path}/kustomization.yaml`]: K, [`${path}/deny.yaml`]: DENY });
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const missingNotes = async (base: Files, head: Files) => (await analyzeTargets(list(base), list(head), { discover: { repoUrls: [URL] } })).notices.filter((n) => n.code === 'MISSING_ROOT').map((n) => n.message);

describe("base's note of a path that does not exist, in a change that adds it", () => {
  it('Flux: says the path does not exist on base and the change adds it', async () => {
    const before = { 'flux/sync.yaml': `${GIT}---\n${ks('web', './apps/web')}---\n${ks('other', './apps/other')}`, ...folder('apps/other') };
    expect(await missingNotes(before, { ...before, ...folder('apps/web') })).toEqual(['Flux Kustomization web: path ./apps/web does not exist on base; this change adds it']);
  });

  it('Argo CD: the same', async () => {
    const before = { 'argocd/web.yaml': app('web', 'apps/web'), 'argocd/other.yaml': app('other', 'apps/other'), ...folder('apps/other') };
    expect(await missingNotes(before, { ...before, ...folder('apps/web') })).toEqual(['Application web: path apps/web does not exist on base; this change adds it']);
  });

  it('a path missing on both sides: one note, as before', async () => {
    const before = { 'flux/sync.yaml': `${GIT}---\n${ks('web', './apps/web')}---\n${ks('other', './apps/other')}`, ...folder('apps/other') };
    expect(await missingNotes(before, { ...before, 'apps/other/deny.yaml': DENY.replace('deny', 'deny-all') })).toEqual(['Flux Kustomization web: path ./apps/web does not exist in this repository']);
  });

  it('a configured root: the note names the side that lacks it', async () => {
    const prod = { name: 'prod', origin: 'config' as const, roots: ['clusters/prod', 'clusters/extra'], helm: [], why: 'configured' };
    const notes = async (base: Files, head: Files) => (await analyzeTargets(list(base), list(head), { discover: { configTargets: [prod] } })).notices.filter((n) => n.code === 'MISSING_ROOT').map((n) => n.message);
    const before = folder('clusters/prod');
    const after = { ...before, ...folder('clusters/extra') };
    expect(await notes(before, after)).toEqual(['prod: root clusters/extra matches nothing on base; this change adds it']);
    expect(await notes(after, before)).toEqual(['prod: root clusters/extra matches nothing on head; this change removes it']);
    const apart = { ...before, 'other/deny.yaml': DENY };
    expect(await notes(apart, { ...apart, 'other/deny.yaml': DENY.replace('deny', 'deny-all') })).toEqual(['prod: root clusters/extra matches nothing on base or head']);
  });
});
