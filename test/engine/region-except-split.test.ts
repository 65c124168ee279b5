/**
 * A region no single selector says, whose holding name also splits another region: with policies over
 * `app Exists, app NotIn (a)`, `env=a, app=a` and `env=a, app DoesNotExist`, the pods with env other than
 * a and app a or absent are one region, named `env NotIn (a)`. That name also holds part of the region
 * `app Exists, app NotIn (a)` (its pods with env other than a), so it is not "cut whole", and before its
 * exceptions were not sought at all: the bare name then held pods whose traffic did not change (a pair
 * claimed UDP opened for app=b pods that had it on both sides; diff-claims-hold found it at 2,000 runs).
 * Now the exceptions are kept when the name less them is checked exact, box by box, against the cut.
 */
import { DEFAULT_MAX_BOXES, buildRegions, matches, regionFocus } from '../../src/engine/index.js';
import type { Labels } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const policy = (name: string, podSelector: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ns1}\nspec:\n  podSelector: ${podSelector}\n  policyTypes: [Egress]\n  egress: [{}]\n`;
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ns1}\n';
// Base: the other apps' policy and one over every pod; head moves them onto env=a pods (a diff's focus is ns1).
const base = [namespace, policy('other-apps', '{matchExpressions: [{key: app, operator: Exists}, {key: app, operator: NotIn, values: [a]}]}'), policy('all', '{}')].join('---\n');
const head = [namespace, policy('other-apps', '{matchLabels: {env: a, app: a}}'), policy('all', '{matchLabels: {env: a}, matchExpressions: [{key: app, operator: DoesNotExist}]}')].join('---\n');

describe('a region name that splits another region', () => {
  const [b, h] = [base, head].map((text) => loadManifests([{ path: 'p.yaml', text }]).cluster);
  const focus = regionFocus(b, h);
  const regions = buildRegions([b, h], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects);
  // Every combination of the two keys: absent, the value the selectors name, another value.
  const values = [undefined, 'a', 'b'];
  const pods: Labels[] = values.flatMap((app) => values.map((env) => ({ ...(app ? { app } : {}), ...(env ? { env } : {}) })));

  it('takes the other regions out, so that the name less its exceptions holds exactly its pods', () => {
    const inNs1 = regions.regions.filter((r) => r.namespace === 'ns1').map((r) => r.index);
    expect(inNs1.length).toBe(4);
    for (const i of inNs1) {
      const name = regions.nameOf(i);
      const except = regions.exceptOf(i);
      for (const labels of pods) {
        const held = matches(name.podSelector, labels) && !except.some((e) => matches(e.podSelector, labels));
        expect({ region: name.id, except: except.map((e) => e.id), labels, held }).toEqual({ region: name.id, except: except.map((e) => e.id), labels, held: regions.locate('ns1', labels) === i });
      }
    }
  });

  it('the split region is named env NotIn (a) less the other apps', () => {
    const i = regions.locate('ns1', { env: 'b', app: 'a' })!;
    expect([regions.nameOf(i).id, regions.exceptOf(i).map((e) => e.id)]).toEqual(['ns1/[pod with {env NotIn (a)}]', ['ns1/[pod with {app Exists,app NotIn (a)}]']]);
  });
});
