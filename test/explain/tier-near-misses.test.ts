/**
 * `explain` lists the near misses of cluster-wide Allow rules too (engine/tier-near-misses.ts): an
 * AdminNetworkPolicy's, BaselineAdminNetworkPolicy's or Calico tier's Allow rule that selects the pod but misses
 * the peer or the ports, where matching would allow the denied traffic, each reason at the field's line and
 * in the kind's fields (`ingress[0].from[0].pods.podSelector`, Calico `ingress[1].source.namespaceSelector`),
 * with the edit that would make it match in that kind's syntax. Before, only NetworkPolicy-tier rules had
 * near misses; and a pod selected only by cluster-wide rules that do not match read "no rule of the Admin or
 * Baseline policies selecting it matches", the engine's words. Hand-written fixtures
 * test/fixtures/anp-near-misses/ and test/fixtures/calico-explain/ (READMEs there).
 */
import { readFileSync } from 'node:fs';
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainJson } from '../../src/report/explain-json.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

interface TierMissJson {
  tier: string;
  kind: string;
  policy: string;
  rule: number;
  name?: string;
  ref: { file: string; line: number };
  wouldAllow: unknown;
  alsoCovers?: unknown;
  mismatches: { kind: string; ref: { line: number }; text: string }[];
  edit?: string;
}
interface ExplainJson {
  explain: { directions: { direction: string; tierNearMisses?: TierMissJson[] }[] };
}

function explainIn(dir: string, names: string[]) {
  const files = names.map((path) => ({ path, text: readFileSync(`test/fixtures/${dir}/${path}`, 'utf8') }));
  return (from: string, to: string, ports: string[]) => {
    const r = explainFiles(files, { from, to, ports });
    if (!r.ok) throw new Error(r.message);
    const label = peerLabels(r.value.workloads);
    return { text: explainText(r.value, label), json: JSON.parse(explainJson(r.value, label)) as ExplainJson };
  };
}

const anp = explainIn('anp-near-misses/anp', ['apps.yaml', 'policies.yaml']);
const calico = explainIn('calico-explain', ['apps.yaml', 'policies.yaml']);
const ingressMisses = (j: ExplainJson) => j.explain.directions.find((d) => d.direction === 'ingress')?.tierNearMisses ?? [];

describe("near misses of cluster-wide Allow rules, in their kind's fields", () => {
  it("an AdminNetworkPolicy rule missing the source's pod label: its podSelector, at the peer's line, and the edit", () => {
    const { text, json } = anp('ops/monitor', 'shop/api', ['9090']);
    expect(text).toContain(
      '  near miss: AdminNetworkPolicy monitoring ingress rule 1 "allow-prometheus" (policies.yaml:10) would allow TCP 9090\n' +
        '    - ingress[0].from[0].pods.podSelector requires app=prometheus, source has app=monitor\n' +
        '    - to match: ingress[0].from[0].pods.podSelector: {key: app, operator: In, values: [prometheus]} → {key: app, operator: In, values: [monitor, prometheus]}\n',
    );
    const [m] = ingressMisses(json);
    expect(m).toMatchObject({ tier: 'Admin', kind: 'AdminNetworkPolicy', policy: 'AdminNetworkPolicy/monitoring', rule: 0, name: 'allow-prometheus', wouldAllow: { protocols: { TCP: [[9090, 9090]] } } });
    expect(m.mismatches.map((x) => [x.kind, x.ref.line])).toEqual([['pod-selector', 13]]);
    expect(m.edit).toContain('values: [monitor, prometheus]');
  });

  it('the same rule missing the asked port: its ports, with a portNumber entry to add', () => {
    const { text } = anp('ops/prometheus', 'shop/api', ['8443']);
    expect(text).toContain('    - ingress[0].ports: port TCP 8443 not in [TCP 9090]\n    - to match: ingress[0].ports: add portNumber: {protocol: TCP, port: 8443}\n');
  });

  it('a BaselineAdminNetworkPolicy rule missing the namespace: its namespaces selector', () => {
    const { text, json } = anp('shop/api', 'payments/ledger', ['80']);
    // The rule lists no ports: the edit making it match admits every port of the pair, said beside what was asked.
    expect(text).toContain('  near miss: BaselineAdminNetworkPolicy default ingress rule 1 (policies.yaml:44) would allow TCP 80 (matched, it also admits every other port)\n    - ingress[0].from[0].namespaces requires team=ops, namespace shop has team=commerce\n');
    expect(ingressMisses(json)[0].alsoCovers).toEqual({ protocols: { TCP: [[1, 79], [81, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] } });
    expect(ingressMisses(json)[0].edit).toBe('ingress[0].from[0].namespaces: {key: team, operator: In, values: [ops]} → {key: team, operator: In, values: [commerce, ops]}');
  });

  it('every failing requirement of the nearest peer is said, each with its edit', () => {
    const { text } = anp('payments/ledger', 'shop/api', ['9090']);
    expect(text).toContain(
      '    - ingress[0].from[0].pods.namespaceSelector requires team=ops, namespace payments has team=pay\n' +
        '    - ingress[0].from[0].pods.podSelector requires app=prometheus, source has app=ledger\n' +
        '    - to match: ingress[0].from[0].pods.namespaceSelector: {key: team, operator: In, values: [ops]} → {key: team, operator: In, values: [ops, pay]}; ingress[0].from[0].pods.podSelector: {key: app, operator: In, values: [prometheus]} → {key: app, operator: In, values: [ledger, prometheus]}\n',
    );
  });

  it('a ClusterNetworkPolicy Accept rule: its ports are protocols entries', () => {
    const { text } = explainIn('anp-near-misses/cnp', ['apps.yaml', 'cnp.yaml'])('ops/monitor', 'shop/api', ['8443-8444']);
    expect(text).toContain('  near miss: ClusterNetworkPolicy shop-guard ingress rule 1 (cnp.yaml:11) would allow TCP 8443-8444\n    - ingress[0].protocols: port TCP 8443-8444 not in [TCP 9090]\n    - to match: ingress[0].protocols: add tcp: {destinationPort: {range: {start: 8443, end: 8444}}}\n');
  });

  it('a Calico tier Allow rule: in Calico fields and selector language, with its tier', () => {
    const { text, json } = calico('data/db', 'shop/web', ['8080']);
    expect(text).toContain(
      "  near miss: Calico GlobalNetworkPolicy security.web ingress rule 2 in Calico tier security (order 100) (policies.yaml:47) would allow TCP 8080\n" +
        "    - ingress[1].source.namespaceSelector requires team == 'shop', namespace data has team=data\n" +
        "    - to match: ingress[1].source.namespaceSelector: team == 'shop' → team in {'data', 'shop'}\n",
    );
    expect(ingressMisses(json)[0]).toMatchObject({ kind: 'CalicoGlobalNetworkPolicy', policy: 'CalicoGlobalNetworkPolicy/security.web' });
    expect(calico('data/db', 'shop/web', ['9000']).text).toContain(
      "    - ingress[1].destination.ports: port TCP 9000 not in [TCP 8080]\n    - to match: ingress[1].source.namespaceSelector: team == 'shop' → team in {'data', 'shop'}; ingress[1].destination.ports: add 9000\n",
    );
    // For shop/api, rule 1 (a Deny before it) denies TCP 8080: the Allow would not get it even if it matched, so it is no near miss.
    expect(ingressMisses(calico('shop/api', 'shop/web', ['8080']).json)).toEqual([]);
  });

  it('a pod the cluster-wide policies select without a matching rule: said by their kinds and names', () => {
    const { text } = anp('shop/api', 'payments/ledger', ['80']);
    expect(text).toContain('egress of shop/api: no NetworkPolicy selects it for egress, and no rule of AdminNetworkPolicy audit, which selects it, matches (default: allow), so it allows it');
    expect(text).not.toContain('Admin or Baseline policies');
  });
});
