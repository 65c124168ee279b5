/**
 * v1alpha1 `sameLabels` / `notSameLabels` namespace peers (experimental, network-policy-api v0.1.0–v0.1.4):
 * truth tables over four namespaces, written from the API's type comments — "must have all of the labels
 * defined in SameLabels, AND they must all have the same value as the subject of this policy" /
 * "must have all of the labels defined in NotSameLabels, AND at least one of them must have different
 * values than the subject"; empty lists select nothing; a subject namespace without a key selects nothing.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles, sideChange } from '../../src/analysis/explain-run.js';
import type { PeerRef } from '../../src/engine/index.js';
import { buildRegions, classConn, computeConnectivity, peerId } from '../../src/engine/index.js';
import { OTHER_VALUE } from '../../src/engine/label-partition.js';
import { loadManifests } from '../../src/manifests/load.js';
import { reasonText } from '../../src/report/reason-text.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';

/** Namespace → labels; each namespace holds one pod `p` (app=p), a1 also a pod `db` (role=db). */
const NAMESPACES: Record<string, Record<string, string>> = {
  a1: { tenant: 'a', env: 'prod' },
  a2: { tenant: 'a', env: 'dev' },
  b1: { tenant: 'b', env: 'prod' },
  c0: { env: 'prod' },
};
const NS = Object.keys(NAMESPACES);

function cluster(): string {
  const docs: string[] = [];
  for (const [name, labels] of Object.entries(NAMESPACES)) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}}`);
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${name}, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}`);
  }
  docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: a1, labels: {role: db}}\nspec: {containers: [{name: c, image: i}]}`);
  return docs.join('\n---\n') + '\n---\n';
}

const policy = (kind: string, name: string, body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n${body
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;

/** The `p` pods' matrix: `src>dst` for every allowed pair (self pairs left out). */
function allowed(yaml: string): string[] {
  const a = analyzeYaml(cluster() + yaml);
  expect(a.json.warnings.filter((w) => w.severity === 'error')).toEqual([]);
  const out: string[] = [];
  for (const l of lines(a)) {
    const m = /^(\w+)\/p\[Pod\] => (\w+)\/p\[Pod\] : All Connections$/.exec(l);
    if (m && m[1] !== m[2]) out.push(`${m[1]}>${m[2]}`);
  }
  return out.sort();
}

/** Every ordered pair of distinct namespaces for which `ok(src, dst)` holds. */
function pairs(ok: (src: string, dst: string) => boolean): string[] {
  return NS.flatMap((s) => NS.filter((d) => d !== s && ok(s, d)).map((d) => `${s}>${d}`)).sort();
}

const has = (ns: string, k: string) => k in NAMESPACES[ns];
const val = (ns: string, k: string) => NAMESPACES[ns][k];

describe('sameLabels / notSameLabels (AdminNetworkPolicy v1alpha1, experimental)', () => {
  it('notSameLabels [tenant] Deny on ingress: tenants apart; a namespace without the label is neither subject nor peer', () => {
    const got = allowed(policy('AdminNetworkPolicy', 'tenants', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {notSameLabels: [tenant]}}]}'));
    expect(got).toEqual(pairs((s, d) => !(has(s, 'tenant') && has(d, 'tenant') && val(s, 'tenant') !== val(d, 'tenant'))));
    expect(got).toEqual(['a1>a2', 'a1>c0', 'a2>a1', 'a2>c0', 'b1>c0', 'c0>a1', 'c0>a2', 'c0>b1']);
  });

  it('sameLabels [tenant] Allow then Deny all on egress: only within the tenant; a subject without the label reaches nothing', () => {
    const got = allowed(
      policy('AdminNetworkPolicy', 'tenants', 'priority: 1\nsubject: {namespaces: {}}\negress:\n  - {action: Allow, to: [{namespaces: {sameLabels: [tenant]}}]}\n  - {action: Deny, to: [{namespaces: {}}]}'),
    );
    expect(got).toEqual(['a1>a2', 'a2>a1']);
  });

  it('several keys: sameLabels needs every value equal, notSameLabels some value different (all keys present)', () => {
    const same = allowed(policy('AdminNetworkPolicy', 'same', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {sameLabels: [tenant, env]}}]}'));
    // Only a namespace with equal tenant and env is denied: none of the distinct namespaces here.
    expect(same).toEqual(pairs(() => true));
    const notSame = allowed(policy('AdminNetworkPolicy', 'not-same', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {notSameLabels: [tenant, env]}}]}'));
    const differs = (s: string, d: string) => ['tenant', 'env'].every((k) => has(s, k) && has(d, k)) && ['tenant', 'env'].some((k) => val(s, k) !== val(d, k));
    expect(notSame).toEqual(pairs((s, d) => !differs(s, d)));
    expect(notSame).toEqual(['a1>c0', 'a2>c0', 'b1>c0', 'c0>a1', 'c0>a2', 'c0>b1']);
  });

  it('an empty list selects nothing (with a warning)', () => {
    const yaml = policy('AdminNetworkPolicy', 'empty', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {sameLabels: []}}]}');
    expect(allowed(yaml)).toEqual(pairs(() => true));
    expect(analyzeYaml(cluster() + yaml).json.warnings.map((w) => w.code)).toEqual(['INVALID_PEER']);
  });

  it('the pods form: namespaces related to the subject AND a pod selector', () => {
    const a = analyzeYaml(
      cluster() +
        policy('AdminNetworkPolicy', 'db', 'priority: 1\nsubject: {namespaces: {}}\negress:\n  - {action: Deny, to: [{pods: {namespaces: {sameLabels: [tenant]}, podSelector: {matchLabels: {role: db}}}}]}'),
    );
    const toDb = lines(a).flatMap((l) => /^(\w+)\/p\[Pod\] => a1\/db\[Pod\]/.exec(l)?.[1] ?? []);
    // a1/p and a2/p share tenant a with a1: denied; b1 (another tenant) and c0 (no tenant) are not matched.
    expect(toDb).toEqual(['b1', 'c0']);
  });

  it('the older namespaceSelector form is an ordinary namespace selector', () => {
    const got = allowed(policy('AdminNetworkPolicy', 'dev', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {namespaceSelector: {matchLabels: {env: dev}}}}]}'));
    expect(got).toEqual(pairs((s) => s !== 'a2'));
  });

  it('in a BaselineAdminNetworkPolicy: below NetworkPolicies, and the subject namespace decides', () => {
    const got = allowed(policy('BaselineAdminNetworkPolicy', 'default', 'subject: {namespaces: {matchLabels: {env: prod}}}\ningress:\n  - {action: Deny, from: [{namespaces: {notSameLabels: [tenant]}}]}'));
    // Subjects a1, b1 (prod, with a tenant) and c0 (prod, no tenant: nothing selected); a2 is not a subject.
    expect(got).toEqual(pairs((s, d) => !(NAMESPACES[d].env === 'prod' && has(s, 'tenant') && has(d, 'tenant') && val(s, 'tenant') !== val(d, 'tenant'))));
  });

  it('one compiled form per group of subjects agreeing on the keys, all one rule in evaluation order', () => {
    const a = analyzeYaml(cluster() + policy('AdminNetworkPolicy', 'tenants', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {notSameLabels: [tenant]}}]}'));
    // Tenant a (a1's two classes, a2), tenant b, no tenant.
    expect(a.connectivity.tiers.rules.map((r) => `${r.order}:${r.subjects?.length}`)).toEqual(['0:3', '0:1', '0:1']);
  });

  it('a diff removing the tenant Deny: opened cross-tenant paths name its base rule and line; the rollback restores it', () => {
    const deny = policy('AdminNetworkPolicy', 'tenants', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - action: Deny\n    from: [{namespaces: {notSameLabels: [tenant]}}]');
    const report = analyzeDiff([{ path: 'c.yaml', text: cluster() }, { path: 'anp.yaml', text: deny }], [{ path: 'c.yaml', text: cluster() }], { abstractPeers: false });
    const opened = report.pairs.filter((p) => p.opened && p.src.type === 'workload' && p.dst.type === 'workload');
    const id = (p: PeerRef) => (p.type === 'workload' ? p.workload.id.replace('[Pod]', '') : '');
    expect(opened.map((p) => `${id(p.src)}>${id(p.dst)}`).sort()).toEqual(['a1/db>b1/p', 'a1/p>b1/p', 'a2/p>b1/p', 'b1/p>a1/db', 'b1/p>a1/p', 'b1/p>a2/p']);
    for (const pair of opened) expect(pair.whyOpened.map((r) => reasonText(r))).toContain('in base, denied by AdminNetworkPolicy tenants ingress rule 1 (Admin tier, base:anp.yaml:8)');
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['removed AdminNetworkPolicy//tenants']);
  });
});

describe('sameLabels / notSameLabels validation', () => {
  /** The errors besides the summary that the policy is not applied (INVALID_FIELD at its first line). */
  const errors = (yaml: string) => {
    const errs = analyzeYaml(cluster() + yaml).json.warnings.filter((w) => w.severity === 'error');
    expect(errs.some((w) => w.code === 'INVALID_FIELD' && w.message.endsWith('it is not applied'))).toBe(true);
    return errs.filter((w) => !w.message.endsWith('it is not applied')).map((w) => w.code);
  };

  it('ClusterNetworkPolicy never had them: the policy is rejected', () => {
    const cnp = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n    - {action: Deny, from: [{namespaces: {sameLabels: [tenant]}}]}\n`;
    expect(errors(cnp)).toEqual(['INVALID_PEER']);
  });

  it('exactly one field, label keys, at most 100', () => {
    const anp = (peer: string) => policy('AdminNetworkPolicy', 'x', `priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [${peer}]}`);
    expect(errors(anp('{namespaces: {sameLabels: [tenant], notSameLabels: [env]}}'))).toEqual(['INVALID_PEER']);
    expect(errors(anp('{namespaces: {sameLabels: ["bad key!"]}}'))).toEqual(['INVALID_LABEL']);
    expect(errors(anp(`{namespaces: {sameLabels: [${Array.from({ length: 101 }, (_, i) => `k${i}`).join(', ')}]}}`))).toEqual(['TOO_MANY_ITEMS']);
    expect(errors(anp('{pods: {namespaces: {sameLabels: [tenant]}}}'))).toEqual(['INVALID_PEER']);
    expect(errors(anp('{pods: {namespaces: {sameLabels: [tenant]}, namespaceSelector: {}, podSelector: {}}}'))).toEqual(['INVALID_PEER']);
  });
});

describe('sameLabels / notSameLabels toward pods the manifests do not hold (regions)', () => {
  const yaml = cluster() + policy('AdminNetworkPolicy', 'tenants', 'priority: 1\nsubject: {namespaces: {}}\ningress:\n  - {action: Deny, from: [{namespaces: {notSameLabels: [tenant]}}]}');
  const loaded = loadManifests([{ path: 'c.yaml', text: yaml }]);
  const conn = computeConnectivity(loaded.cluster, buildRegions([loaded.cluster]));
  const classes = conn.index.classes;
  const p = (ns: string) => classes.find((c) => c.namespace === ns && c.podLabels.app === 'p')!.index;
  /** Regions of namespaces no manifest defines, by their tenant value (`none`: without the label). */
  const unknown = (tenant: string) => conn.index.regionClasses.find((c) => !c.region!.known && (c.nsLabels.tenant ?? 'none') === tenant)!.index;
  const open = (src: number, dst: number) => !classConn(conn, src, dst).isEmpty();

  it('label space is cut at the values known namespaces have, so unknown namespaces compare with known ones exactly', () => {
    expect(open(unknown('a'), p('a1'))).toBe(true);
    expect(open(unknown('b'), p('a1'))).toBe(false);
    expect(open(unknown(OTHER_VALUE), p('a1'))).toBe(false);
    expect(open(unknown('none'), p('a1'))).toBe(true);
    expect(open(p('b1'), unknown('a'))).toBe(false);
    expect(open(p('a2'), unknown('a'))).toBe(true);
  });

  it('two unknown namespaces with values no known namespace has cannot be compared: analysed as equal, with a warning', () => {
    expect(open(unknown(OTHER_VALUE), unknown(OTHER_VALUE))).toBe(true);
    expect(conn.diagnostics.filter((d) => d.code === 'RELATED_LABELS_UNDECIDED').map((d) => d.message)).toEqual([
      'AdminNetworkPolicy tenants: notSameLabels tenant between pods of namespaces the manifests do not know, whose tenant values no known namespace has, cannot be decided (their values may be equal or not); analysed as equal',
    ]);
    // Without regions nothing is undecided.
    expect(computeConnectivity(loaded.cluster).diagnostics.map((d) => d.code)).toEqual([]);
  });
});

describe('sameLabels toward namespaces the manifests do not know, cut by the values selectors name', () => {
  // Base: a baseline Deny of ingress from the subject's own env on TCP 1 and `http`. Head drops it and
  // denies egress to namespaces {env=a, tier=a}. Namespaces with env=a but another tier share env with
  // an {env=a, tier=a} source (opened), namespaces with another env do not (unchanged): one region must
  // not hold both, or diff and explain read it differently.
  const ns1 = { path: 'w0.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w0, namespace: ns1}\nspec:\n  selector: {matchLabels: {}}\n  template:\n    metadata: {labels: {}}\n    spec: {containers: [{name: c, image: i}]}\n' };
  const banp = {
    path: 'banp.yaml',
    text: policy('BaselineAdminNetworkPolicy', 'default', 'subject: {namespaces: {}}\ningress:\n- action: Deny\n  from: [{pods: {namespaces: {sameLabels: [env]}, podSelector: {}}}]\n  ports: [{namedPort: http}, {portRange: {start: 1, end: 1}}]'),
  };
  const anp = {
    path: 'anp.yaml',
    text: policy('AdminNetworkPolicy', 't0', 'priority: 1\nsubject: {pods: {podSelector: {}}}\negress:\n- action: Deny\n  to: [{namespaces: {matchLabels: {tier: a, env: a}}}]'),
  };
  const base = [ns1, banp];
  const head = [ns1, anp];

  it('every opened pair toward pods the manifests do not hold is opened by diff --explain too, by number and by name', () => {
    const report = analyzeDiff(base, head);
    const opened = report.pairs.filter((p) => p.opened && !p.opened.isEmpty() && (p.src.type === 'pods' || p.dst.type === 'pods'));
    expect(opened.length).toBeGreaterThan(0);
    for (const pair of opened) {
      for (const port of ['1', 'http']) {
        const r = explainDiffFiles(base, head, { from: peerId(pair.src), to: peerId(pair.dst), ports: [port] });
        if (!r.ok) throw new Error(r.message);
        expect({ pair: `${peerId(pair.src)} -> ${peerId(pair.dst)} --port ${port}`, opened: !sideChange(r.value).opened.isEmpty() }).toEqual({ pair: `${peerId(pair.src)} -> ${peerId(pair.dst)} --port ${port}`, opened: true });
      }
    }
  });

  it('the opened destination of an {env=a, tier=a} source pins env=a', () => {
    const report = analyzeDiff(base, head);
    const dsts = report.pairs.filter((p) => p.opened && !p.opened.isEmpty() && peerId(p.src) === '[namespace with {env=a,tier=a}]/[all pods]').map((p) => peerId(p.dst));
    expect(dsts.length).toBeGreaterThan(0);
    for (const d of dsts) expect(d).toMatch(/env=a/);
  });
});
