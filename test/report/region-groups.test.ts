/**
 * The JSON's region groups (report/coarse-pairs.ts): a namespace the manifests hold no pod of, cut by two
 * new policies' subjects (`app=web`, `app=api`) and their rule peers (`role=client`, `role=admin`) into
 * label combinations, closes 112 region pairs that have only 8 distinct rows. The JSON writes one pair per
 * row, each group end named by the selectors its regions share and listing them in `regionGroups`; every
 * region pair is still there when the groups are expanded, with the same sets and reasons.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import { diffJsonObject, pairJson } from '../../src/report/diff-json.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { regionPairs } from '../helpers/region-pairs.js';

const file = (path: string, text: string) => ({ path, text });
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: sys}\n';
const policy = (name: string, subject: Record<string, string>, from: Record<string, string>, port: number) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: sys}\nspec: ${JSON.stringify({ podSelector: { matchLabels: subject }, ingress: [{ from: [{ podSelector: { matchLabels: from } }], ports: [{ port }] }] })}\n`;
const base = [file('ns.yaml', ns), file('old.yaml', policy('old', { app: 'old' }, { role: 'x' }, 1))];
const head = [...base, file('pol.yaml', [policy('web', { app: 'web' }, { role: 'client' }, 80), policy('api', { app: 'api' }, { role: 'admin' }, 443)].join('---\n'))];

interface PeerOut {
  type: string;
  id: string;
  except?: { id: string }[];
  regionGroup?: string;
  podSelector?: { matchLabels?: Record<string, string> };
  namespace?: string;
}
interface PairOut {
  src: PeerOut;
  dst: PeerOut;
  base: unknown;
  head: unknown;
  opened: unknown;
  closed: unknown;
  regionPairs?: number;
  why: { opened: { kind: string; workload?: string }[]; closed: { kind: string; workload?: string }[] };
  target?: string;
}
interface Doc {
  pairs: PairOut[];
  regionGroups?: { id: string; peers: PeerOut[]; target?: string }[];
  summary: { opened: number; closed: number };
  targets?: (Doc & { name: string })[];
}

/** A peer as the pair ids read (`P (except E…)`). */
const idOf = (p: PeerOut) => (p.except?.length ? `${p.id} (except ${p.except.map((e) => e.id).join(', ')})` : p.id);

/** A pair's change, the `not-isolated` reasons' subject (the pair's own end: the source in egress, else the destination) made neutral. */
function change(p: PairOut): string {
  const own = (r: { kind: string; workload?: string; direction?: string }) => {
    const { text: _t, ...rest } = r as typeof r & { text?: string };
    return r.kind === 'not-isolated' && r.workload === idOf(r.direction === 'egress' ? p.src : p.dst) ? { ...rest, workload: '<own>' } : rest;
  };
  return JSON.stringify([p.base, p.head, p.opened, p.closed, p.why.opened.map(own), p.why.closed.map(own)]);
}

/** Every region pair the document's pairs stand for: `src => dst` with its change. */
function expanded(doc: Doc): string[] {
  const groups = new Map((doc.regionGroups ?? []).map((g) => [g.id, g.peers.map(idOf)]));
  return doc.pairs
    .flatMap((p) => {
      const srcs = p.src.regionGroup ? groups.get(p.src.regionGroup)! : [idOf(p.src)];
      const dsts = p.dst.regionGroup ? groups.get(p.dst.regionGroup)! : [idOf(p.dst)];
      expect(p.regionPairs ?? 1).toBe(srcs.length * dsts.length);
      return srcs.flatMap((s) => dsts.map((d) => `${s} => ${d} ${change(p)}`));
    })
    .sort();
}

describe('region groups in the JSON', () => {
  const report = analyzeDiff(base, head);

  it('112 region pairs of 8 distinct rows are 8 pairs, each end named by what its regions share', () => {
    expect(report.counts.closed).toBe(112);
    const doc = diffJsonObject(report) as Doc;
    expect(doc.pairs).toHaveLength(8);
    expect(doc.summary.closed).toBe(112);
    expect(doc.pairs.reduce((n, p) => n + (p.regionPairs ?? 1), 0)).toBe(112);
    const ids = doc.pairs.map((p) => `${p.src.id} => ${p.dst.id}`);
    expect(ids).toContain('sys/[pod with {role=client}] (group 5: 3 regions) => sys/[pod with {app=web}] (group 3: 4 regions)');
    const clientToWeb = doc.pairs.find((p) => p.src.id.startsWith('sys/[pod with {role=client}]') && p.dst.id.startsWith('sys/[pod with {app=web}]'))!;
    expect(clientToWeb.closed).toEqual({ protocols: { TCP: [[1, 79], [81, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] } });
    expect(clientToWeb.dst).toMatchObject({ type: 'pods', namespace: 'sys', podSelector: { matchLabels: { app: 'web' } }, regionGroup: clientToWeb.dst.id });
    // The reasons name the group, not one of its regions.
    expect(clientToWeb.why.closed.find((r) => r.kind === 'not-isolated')?.workload).toBe(clientToWeb.dst.id);
    const web = doc.regionGroups!.find((g) => g.id === clientToWeb.dst.id)!;
    expect(web.peers.map((p) => p.id)).toEqual(['sys/[pod with {app=web,role NotIn (admin,client,x)}]', 'sys/[pod with {app=web,role=admin}]', 'sys/[pod with {app=web,role=client}]', 'sys/[pod with {app=web,role=x}]']);
  });

  it('expanded, the groups give back every region pair with its own sets and reasons', () => {
    const doc = diffJsonObject(report) as Doc;
    const one = report.pairs.map((p: ExplainedPair) => pairJson(p) as PairOut);
    expect(expanded(doc)).toEqual(expanded({ pairs: one, summary: doc.summary }));
    // Exactly the pairs as written one by one, reasons' texts too (test/helpers/region-pairs.ts expands as a consumer would).
    const text = (pairs: object[]) => pairs.map((p) => JSON.stringify(p)).sort();
    expect(text(regionPairs(doc))).toEqual(text(one));
  });

  it('a pair whose ends no other region shares a row with is written as before', () => {
    const small = analyzeDiff([file('ns.yaml', ns)], [file('ns.yaml', ns), file('pol.yaml', policy('web', {}, {}, 80))]);
    const doc = diffJsonObject(small) as Doc;
    expect(doc.pairs.length).toBeGreaterThan(0);
    expect(doc.regionGroups).toBeUndefined();
    expect(doc.pairs.map((p) => p.regionPairs)).toEqual(doc.pairs.map(() => undefined));
    expect(doc.pairs).toEqual(small.pairs.map(pairJson));
  });

  it('over targets: each target coarsened on its own, the top level repeating its pairs with `target` and its groups', () => {
    const targets = {
      origin: 'test',
      how: 'test',
      targets: [
        { name: 'a', members: [], report },
        { name: 'b', members: [], report: analyzeDiff(base, head) },
      ],
      notices: [],
      changedFiles: new Set<string>(),
      counts: report.counts,
      combined: report,
    } as unknown as TargetsReport;
    // The combined report holds every target's pairs (analyze-targets.ts combine).
    const combined = { ...report, pairs: targets.targets.flatMap((t) => t.report.pairs) };
    const doc = targetsJsonObject({ ...targets, combined }) as Doc;
    expect(doc.targets!.map((t) => t.pairs.length)).toEqual([8, 8]);
    expect(doc.pairs).toHaveLength(16);
    expect(doc.pairs.map((p) => p.target)).toEqual([...Array(8).fill('a'), ...Array(8).fill('b')]);
    // Group ids are unique over the document, and each target lists its own.
    expect(new Set(doc.regionGroups!.map((g) => g.id)).size).toBe(10);
    expect(doc.targets![1].regionGroups!.map((g) => g.id)).toEqual(doc.regionGroups!.filter((g) => g.target === 'b').map((g) => g.id));
    expect(expanded(doc.targets![1])).toEqual(expanded(doc.targets![0]));
    expect(expanded(doc)).toEqual([...expanded(doc.targets![0]), ...expanded(doc.targets![1])].sort());
  });

  it('the paths set apart for pods the change probably removes (assumedGone) are grouped alike, their groups beside them', async () => {
    // The web policy goes together with the Service of its pods: its pods are probably gone (analysis/gone-pods.ts).
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: sys}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
    const withWeb = [...head, file('svc.yaml', service)];
    const withoutWeb = [...base, file('pol.yaml', policy('api', { app: 'api' }, { role: 'admin' }, 443))];
    const targets = await analyzeTargets(withWeb, withoutWeb);
    const doc = targetsJsonObject(targets) as Doc & { assumedGone?: Doc & { opened: number } };
    const gone = doc.assumedGone!;
    expect(doc.pairs).toEqual([]);
    expect(gone.opened).toBe(targets.combined.assumedGone!.pairs.length);
    expect(gone.pairs.length).toBeLessThan(gone.opened);
    expect(gone.regionGroups!.length).toBeGreaterThan(0);
    const one = targets.combined.assumedGone!.pairs.map((p) => JSON.stringify(pairJson(p))).sort();
    expect(regionPairs(gone).map((p) => JSON.stringify(p)).sort()).toEqual(one);
  });
});
