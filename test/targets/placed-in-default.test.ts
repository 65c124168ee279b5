/**
 * A target the change removes whose policies name no namespace, and nothing names one for them (real-eval 11,
 * E/D; repro 04): head deletes the overlay tenants/demo/overlays/cicd, which pulls in the namespace-less
 * tenants/defaults/networkpolicy and sets no `namespace:`. Placed in `default` by assumption, the removed policy
 * read as "3 paths opened" for `default/[all pods]`, exit 1. Those paths rest on the placement only: taken
 * apart as `assumedGone` (with `placed`), both readings said, not counted, exit 0. A workload the manifests hold
 * in `default` keeps its paths counted; so does a target the change keeps.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';
import { targetsText } from '../../src/report/targets-text.js';
import { tempFolder } from '../helpers/git.js';
import { placedFilter } from '../../src/analysis/placed-pairs.js';
import type { PeerRef, Reason } from '../../src/engine/index.js';
import type { Workload } from '../../src/engine/model.js';

type Files = Record<string, string>;
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const POLICY =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-from-ingress\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              policy-group.network.openshift.io/ingress: ""\n';
const OTHER: Files = { 'tenants/demo/base/kustomization.yaml': `${KUSTOMIZATION}resources: [namespace.yaml]\n`, 'tenants/demo/base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n' };
const BASE: Files = {
  ...OTHER,
  'tenants/defaults/networkpolicy/kustomization.yaml': `${KUSTOMIZATION}resources: [multitenant.yaml]\n`,
  'tenants/defaults/networkpolicy/multitenant.yaml': POLICY,
  'tenants/demo/overlays/cicd/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - ../../../defaults/networkpolicy\n  - namespace.yaml\n`,
  'tenants/demo/overlays/cicd/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: demo-cicd}\n',
};

const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const reportOf = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));

describe('a removed target whose namespace-less policies were only assumed to be in `default` (repro 04)', () => {
  it('takes their paths apart: both readings, not counted, exit 0', async () => {
    const report = await reportOf(BASE, OTHER);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    const cicd = report.targets.find((t) => t.name === 'tenants/demo/overlays/cicd');
    expect(cicd?.lifecycle).toBe('removed');
    expect(cicd?.report.assumedGone).toMatchObject({ policies: [], placed: ['tenants/defaults/networkpolicy'], opened: 4, closed: 0 });
    const text = targetsText(report);
    expect(text.split('\n')[0]).toContain('rest on placing the namespace-less policies of tenants/defaults/networkpolicy in `default`, which nothing names: there it opens 4 paths (not counted;');
    expect(text).toContain('Note: If the namespace-less policies of tenants/defaults/networkpolicy are applied in `default`, which nothing names (4 paths not counted, so the check does not fail on them): Opens default/[all pods] to everything on any port.');
    const json = targetsJsonObject(report) as { summary: object; targets: { name: string; assumedGone?: { placed?: string[] } }[] };
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.targets.find((t) => t.name === 'tenants/demo/overlays/cicd')?.assumedGone?.placed).toEqual(['tenants/defaults/networkpolicy']);
    const [b, h] = await Promise.all([tempFolder(BASE), tempFolder(OTHER)]);
    expect((await main(['diff', b, h])).exitCode).toBe(0);
  });

  it('two removed overlays resting on the same placement are named together, each as removed (real-eval 11 rerun: 612d0af repeated the clause 4 times)', async () => {
    const second: Files = {
      'tenants/shop/overlays/cicd/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - ../../../defaults/networkpolicy\n  - namespace.yaml\n`,
      'tenants/shop/overlays/cicd/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop-cicd}\n',
    };
    const headline = targetsText(await reportOf({ ...BASE, ...second }, OTHER)).split('\n')[0];
    expect(headline).toMatch(/^tenants\/demo\/overlays\/cicd \(removed by this change\) and tenants\/shop\/overlays\/cicd \(removed by this change\): no change where the manifests name the namespace; the paths it opens rest on placing/);
    expect(headline.match(/rest on placing/g)).toHaveLength(1);
  });

  it('a target the change keeps still counts what removing the policy opens', async () => {
    // The overlay stays; the policy set it pulls in loses its policy.
    const head: Files = { ...BASE, 'tenants/defaults/networkpolicy/kustomization.yaml': `${KUSTOMIZATION}resources: []\n` };
    delete head['tenants/defaults/networkpolicy/multitenant.yaml'];
    const report = await reportOf(BASE, head);
    expect(report.targets.find((t) => t.name === 'tenants/demo/overlays/cicd')?.report.assumedGone).toBeUndefined();
    expect(report.counts.opened).toBeGreaterThan(0);
  });
});

describe('placedFilter: which paths rest on the placement alone', () => {
  const FILE = 'tenants/defaults/networkpolicy/multitenant.yaml';
  const removed: Reason = { kind: 'policy-absent', side: 'head', policy: 'default/allow-from-ingress', ref: { file: FILE, line: 1 } };
  const pods = (namespace: string): PeerRef => ({ type: 'pods', peer: { namespace, podSelector: { matchLabels: {}, expressions: [] } } } as unknown as PeerRef);
  const web = { type: 'workload', workload: { id: 'default/web', name: 'web', namespace: 'default' } as unknown as Workload } as PeerRef;
  const pair = (src: PeerRef, dst: PeerRef, why: Reason[]) => ({ src, dst, whyOpened: why, whyClosed: [] }) as unknown as Parameters<ReturnType<typeof placedFilter>>[0];
  const rests = placedFilter([FILE]);

  it('pods the manifests do not hold in `default`, only placed policies cited: rests on it', () => {
    expect(rests(pair(pods('demo'), pods('default'), [removed]))).toBe(true);
  });
  it('a workload the manifests hold in `default` keeps its paths counted', () => {
    expect(rests(pair(pods('demo'), web, [removed]))).toBe(false);
  });
  it('a policy of another file cited, or none: counted', () => {
    expect(rests(pair(pods('demo'), pods('default'), [removed, { ...removed, ref: { file: 'other.yaml', line: 1 } }]))).toBe(false);
    expect(rests(pair(pods('demo'), pods('default'), []))).toBe(false);
  });
  it('no placed files: nothing rests on it', () => {
    expect(placedFilter([])(pair(pods('demo'), pods('default'), [removed]))).toBe(false);
  });
});
