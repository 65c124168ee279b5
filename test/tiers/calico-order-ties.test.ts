/**
 * Calico policies of equal `order` are evaluated by name (Felix's policy sorter: order, then the policy's name;
 * docs/calico.md, "`nets` and pod addresses"): of two default-tier policies of order 100 selecting data/db, a Deny
 * of namespace other and an Allow of everything, the one whose name sorts first decides, whichever is written first.
 */
import { analyzeYaml, lines } from '../helpers/analyze.js';
import { WORLD, calicoNetworkPolicy, globalNetworkPolicy, toward } from '../helpers/tier-world.js';

const DENY_OTHER = `  order: 100
  selector: all()
  ingress:
    - action: Deny
      source: {namespaceSelector: projectcalico.org/name == 'other'}
`;
const ALLOW_ALL = `  order: 100
  selector: all()
  ingress:
    - action: Allow
`;
const run = (...docs: string[]) => toward(lines(analyzeYaml([WORLD, ...docs].join('---\n'))), 'data/db');

describe('Calico policies of equal order', () => {
  it('the Deny named first decides, written before or after the Allow', () => {
    const denyFirst = run(calicoNetworkPolicy('a-deny', 'data', DENY_OTHER), calicoNetworkPolicy('b-allow', 'data', ALLOW_ALL));
    const writtenAfter = run(calicoNetworkPolicy('b-allow', 'data', ALLOW_ALL), calicoNetworkPolicy('a-deny', 'data', DENY_OTHER));
    expect(writtenAfter).toEqual(denyFirst);
    expect(denyFirst.some((l) => l.startsWith('other/'))).toBe(false);
    expect(denyFirst.some((l) => l.startsWith('shop/'))).toBe(true);
  });

  it('the Allow named first decides: namespace other reaches data/db', () => {
    const allowFirst = run(calicoNetworkPolicy('z-deny', 'data', DENY_OTHER), calicoNetworkPolicy('b-allow', 'data', ALLOW_ALL));
    expect(allowFirst.some((l) => l.startsWith('other/'))).toBe(true);
  });

  it('a GlobalNetworkPolicy and a NetworkPolicy tie by name too', () => {
    const gnpFirst = run(globalNetworkPolicy('a-deny', DENY_OTHER.replace('selector: all()', "selector: projectcalico.org/namespace == 'data'")), calicoNetworkPolicy('b-allow', 'data', ALLOW_ALL));
    expect(gnpFirst.some((l) => l.startsWith('other/'))).toBe(false);
    const npFirst = run(globalNetworkPolicy('c-deny', DENY_OTHER.replace('selector: all()', "selector: projectcalico.org/namespace == 'data'")), calicoNetworkPolicy('b-allow', 'data', ALLOW_ALL));
    expect(npFirst.some((l) => l.startsWith('other/'))).toBe(true);
  });
});
