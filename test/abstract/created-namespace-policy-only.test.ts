/**
 * A change that creates a namespace and a policy in it, but no workload (a platform repository's "new namespace"
 * pull request): the pods the policy selects are not in the manifests yet, and their paths are not counted
 * (docs/abstract-peers.md, "A namespace the change creates"). The reader is told so, with the policy's file:line,
 * never a plain "No change": in the verdict, the note and JSON `createdNamespaces.policies`, whether the policy would
 * close paths of a namespace that already existed or not, from plain files, a kustomize build or a Flux Kustomization.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const prom = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prom, namespace: monitoring}\nspec:\n  selector: {matchLabels: {app: prom}}\n  template:\n    metadata: {labels: {app: prom}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const ledger = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ledger\n';
/** Admits monitoring on TCP 8080 only: it would close paths of a ledger that already existed. */
const allowProm = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-prom, namespace: ledger}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]\n      ports: [{port: 8080}]\n`;
/** Admits everyone: it closes nothing, whatever ledger was. */
const allowAll = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-all, namespace: ledger}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;

interface Json {
  summary: { opened: number; closed: number };
  createdNamespaces?: Created;
  /** Per target when the layout makes several (a kustomization beside plain manifests). */
  targets?: { name: string; createdNamespaces?: Created }[];
}
interface Created {
  namespaces: string[];
  closed: number;
  policies: { kind: string; namespace: string; name: string; file: string; line: number }[];
}
const run = async (base: Files, head: Files) => {
  const sides = diffSides({ base, head });
  const text = await sides.run();
  const md = await sides.run('--format', 'md');
  const j = JSON.parse((await sides.run('--format', 'json')).stdout) as Json;
  return { text: text.stdout, code: text.exitCode, md: md.stdout, j };
};

const base: Files = { 'apps/prom.yaml': prom };

describe('a namespace the change creates with a policy and no workload', () => {
  it('the policy would close paths of an existing namespace: the verdict and the note name it at its file:line', async () => {
    const { text, code, md, j } = await run(base, { ...base, 'apps/ns.yaml': ledger, 'apps/pol.yaml': allowProm });
    expect(code).toBe(0);
    expect(text.split('\n')[0]).toBe(
      'No change in allowed connectivity; namespace ledger is new (its policy at apps/pol.yaml:1 applies to pods the manifests do not hold yet, not counted; if it already existed, outside the repository, the change closes 4 paths of its pods; not counted).',
    );
    expect(text).toContain('Note: Namespace ledger is new: what NetworkPolicy ledger/allow-prom (apps/pol.yaml:1) allows and denies applies to pods the manifests do not hold there yet, whose paths are not counted. If it already existed, outside the repository (4 paths not counted');
    expect(md).toContain('> ℹ️ Namespace ledger is new: what NetworkPolicy ledger/allow-prom (apps/pol.yaml:1) allows and denies');
    expect(j.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(j.createdNamespaces).toMatchObject({ namespaces: ['ledger'], closed: 4, policies: [{ kind: 'NetworkPolicy', namespace: 'ledger', name: 'allow-prom', file: 'apps/pol.yaml', line: 1 }] });
  });

  it('a policy that closes nothing is told too: no plain "No change"', async () => {
    const { text, j } = await run(base, { ...base, 'apps/ns.yaml': ledger, 'apps/pol.yaml': allowAll });
    expect(text.split('\n')[0]).toMatch(/^No change in allowed connectivity; namespace ledger is new \(its policy at apps\/pol\.yaml:1 applies to pods the manifests do not hold yet, not counted\)/);
    expect(text).toContain('Note: Namespace ledger is new: what NetworkPolicy ledger/allow-all (apps/pol.yaml:1) allows and denies applies to pods the manifests do not hold there yet, whose paths are not counted.\n');
    expect(j.createdNamespaces).toMatchObject({ closed: 0, policies: [{ name: 'allow-all', file: 'apps/pol.yaml', line: 1 }] });
  });

  it('the same from a kustomize build and from a Flux Kustomization', async () => {
    const k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ns.yaml\n  - pol.yaml\n';
    const built = await run({ 'mon/prom.yaml': prom }, { 'mon/prom.yaml': prom, 'ledger/kustomization.yaml': k, 'ledger/ns.yaml': ledger, 'ledger/pol.yaml': allowProm });
    expect(built.text).toContain('namespace ledger is new (its policy at ledger/pol.yaml:1 applies to pods the manifests do not hold yet, not counted');
    expect(built.j.targets?.find((t) => t.name === 'ledger')?.createdNamespaces?.policies).toEqual([{ kind: 'NetworkPolicy', namespace: 'ledger', name: 'allow-prom', file: 'ledger/pol.yaml', line: 1 }]);
    const flux = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    const fluxBase = { 'clusters/prod/mon.yaml': flux('mon', './mon'), 'mon/prom.yaml': prom };
    const viaFlux = await run(fluxBase, { ...fluxBase, 'clusters/prod/ledger.yaml': flux('ledger', './ledger'), 'ledger/kustomization.yaml': k, 'ledger/ns.yaml': ledger, 'ledger/pol.yaml': allowProm });
    expect(viaFlux.text).toContain('namespace ledger is new (its policy at ledger/pol.yaml:1 applies to pods the manifests do not hold yet, not counted');
    expect(viaFlux.text).toContain('Namespace ledger is new: what NetworkPolicy ledger/allow-prom (ledger/pol.yaml:1) allows and denies applies to pods the manifests do not hold there yet');
  });
});
