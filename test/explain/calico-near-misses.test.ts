/**
 * `explain` speaks Calico for Calico rules (docs/calico.md): near misses name the rule's own fields
 * (`ingress[0].source.selector`, `namespaceSelector`, `nets`, `destination.ports`, `protocol`) in Calico's
 * selector language, never a NetworkPolicy's `from[0]`, `podSelector` or `ipBlock`; where it suggests no
 * edit inside a Calico policy it says so and why; a denial in a Calico tier is said with `action: Allow`
 * and `order`, not "edit the admin policy". Hand-written fixture test/fixtures/calico-explain/.
 */
import { readFileSync } from 'node:fs';
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainJson } from '../../src/report/explain-json.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const DIR = 'test/fixtures/calico-explain';
const files = ['apps.yaml', 'policies.yaml'].map((path) => ({ path, text: readFileSync(`${DIR}/${path}`, 'utf8') }));

function explain(from: string, to: string, ports: string[]) {
  const r = explainFiles(files, { from, to, ports });
  if (!r.ok) throw new Error(r.message);
  return { text: explainText(r.value, peerLabels(r.value.workloads)), json: JSON.parse(explainJson(r.value, peerLabels(r.value.workloads))) as { explain: { directions: { direction: string; nearMisses: { mismatches: { text: string; ref: { line: number } }[] }[]; editsWithheld?: { policy: string; ref: { file: string; line: number }; reason: string }[] }[] } } };
}

const ingress = (j: ReturnType<typeof explain>['json']) => j.explain.directions.find((d) => d.direction === 'ingress')!;

describe('explain on Calico rules', () => {
  it("says a near miss's selector and namespaceSelector in Calico's fields and language, at the field's line", () => {
    const { text, json } = explain('shop/web', 'data/db', ['5432']);
    expect(text).toContain("  near miss: Calico NetworkPolicy data/db-in ingress rule 1 (policies.yaml:9)\n    - ingress[0].source.selector requires app == 'api', source has app=web\n");
    expect(text).toContain('    - ingress[1].source.nets (10.0.0.0/8) selects addresses outside the cluster, never pods\n');
    expect(text).not.toMatch(/from\[\d\]|podSelector|ipBlock/);
    // The reason's line is the field's (selector, line 13; nets, line 19). Rule 3 (UDP from namespace data)
    // misses both the source and every asked port: no near miss (new-user 39 #14).
    expect(ingress(json).nearMisses.map((m) => m.mismatches[0].ref.line)).toEqual([13, 19]);
    expect(text).not.toContain('ingress[2]');
    // Asked on UDP, rule 3 misses only the source: said in Calico's terms, at its selector's line (25).
    const udp = explain('shop/web', 'data/db', ['5432/UDP']);
    expect(udp.text).toContain('    - ingress[2].source has no namespaceSelector, so it selects pods of namespace data only; source is in shop\n');
    expect(ingress(udp.json).nearMisses.map((m) => m.mismatches[0].ref.line)).toContain(25);
    expect(explain('other/x', 'data/db', ['5432']).text).toContain("    - ingress[0].source.namespaceSelector requires projectcalico.org/name == 'shop', source is in namespace other\n");
  });

  it('says a missing port in destination.ports', () => {
    expect(explain('shop/api', 'data/db', ['6000']).text).toContain('  near miss: Calico NetworkPolicy data/db-in ingress rule 1 (policies.yaml:9)\n    - ingress[0].destination.ports: port TCP 6000 not in [TCP 5432]\n');
  });

  it('says it suggests no edit inside a Calico policy, and why, at the policy (text and JSON editsWithheld)', () => {
    const { text, json } = explain('shop/web', 'data/db', ['5432']);
    expect(text).toContain('  no edit suggested inside Calico NetworkPolicy data/db-in (policies.yaml:1): its rules are ordered (action Allow, Deny, Pass: the first that matches decides)');
    expect(text).toContain('add an `action: Allow` rule under its `ingress:` ahead of any Deny or Pass rule that matches this traffic');
    expect(text).not.toContain('smallest edits');
    expect(ingress(json).editsWithheld).toEqual([{ policy: 'data/db-in[CalicoNetworkPolicy]', ref: { file: 'policies.yaml', line: 1 }, reason: expect.stringContaining('its rules are ordered') }]);
  });

  it("says a Calico tier's Deny and end of tier in Calico's terms, not as an admin policy to edit", () => {
    const deny = explain('shop/api', 'shop/web', ['8080']).text;
    expect(deny).toContain('  Calico GlobalNetworkPolicy security.web ingress rule 1 (policies.yaml:41): Deny TCP 8080\n');
    // The verdict line names the tier as its Tier object does (it said "Admin tier", the engine's name).
    expect(deny).toContain('ingress of shop/web: denies it (Calico tier security (order 100): Calico GlobalNetworkPolicy security.web ingress rule 1, policies.yaml:41)\n');
    expect(deny).toContain('TCP 8080 is denied in Calico tier security (order 100), evaluated before the NetworkPolicies, which no NetworkPolicy edit can change; reachdiff suggests no edit inside a Calico policy: to allow it, add an `action: Allow` rule for it ahead of that Deny: earlier in the same policy\'s `ingress:`, or in a policy of the tier with a smaller `order`');
    const end = explain('data/db', 'shop/web', ['8080']).text;
    expect(end).toContain('denies it (Calico tier security (order 100): its end, for the pods Calico GlobalNetworkPolicy security.web selects, policies.yaml:32)');
    expect(end).toContain('add an `action: Allow` rule for it in a policy of that tier that selects shop/web (`ingress:`), or a `Pass` to hand it to the next tier');
    expect(`${deny}${end}`).not.toContain('edit the admin policy');
    expect(`${deny}${end}`).not.toContain('Admin tier');
  });
});
