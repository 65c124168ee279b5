/** The exposure comparator itself: the README's worked example, both ways. */
import type { ExposureRowText } from './exposure-atoms.js';
import { exposureAtoms, normalizePeer, parseExposureFile, portCutsOf } from './exposure-atoms.js';

const EXPECTED = [
  'Exposure Analysis Result:',
  'Ingress Exposure:',
  'hello-world/workload-a[Deployment] \t<= \tentire-cluster : TCP 8050',
  'hello-world/workload-a[Deployment] \t<= \t[namespace with {{Key:foo.com/managed-state,Operator:In,Values:[managed],}}]/[all pods] : TCP 8050,8090',
  '',
].join('\n');

const W = 'hello-world/workload-a[Deployment]';
const MANAGED = '[namespace with {foo.com/managed-state In (managed)}]/[all pods]';
const tcp = (...ports: number[]) => ports.map((p) => ({ protocol: 'TCP', first: p, last: p }));

function agree(ours: ExposureRowText[]): boolean {
  const want = parseExposureFile(EXPECTED).rows;
  const cuts = portCutsOf([...want, ...ours]);
  const a = exposureAtoms(want, cuts);
  const b = exposureAtoms(ours, cuts);
  return a.size === b.size && [...a].every((x) => b.has(x));
}

describe('exposure comparison rules', () => {
  const entire: ExposureRowText = { direction: 'ingress', workload: W, peer: 'entire-cluster', conn: tcp(8050) };

  it('accepts the same rows in our notation', () => {
    expect(agree([entire, { direction: 'ingress', workload: W, peer: MANAGED, conn: tcp(8050, 8090) }])).toBe(true);
  });

  it('ignores a peer that adds nothing beyond entire-cluster', () => {
    const extra: ExposureRowText = { direction: 'ingress', workload: W, peer: '[namespace with {team=x}]/[all pods]', conn: tcp(8050) };
    expect(agree([entire, { direction: 'ingress', workload: W, peer: MANAGED, conn: tcp(8050, 8090) }, extra])).toBe(true);
  });

  it('fails a row that lacks the entire-cluster part', () => {
    expect(agree([entire, { direction: 'ingress', workload: W, peer: MANAGED, conn: tcp(8090) }])).toBe(false);
  });

  it('reads both notations of a peer into one form', () => {
    expect(normalizePeer('[namespace with {kubernetes.io/metadata.name=billing}]/[all pods]')).toBe(normalizePeer('billing/[all pods]'));
    expect(normalizePeer('[all namespaces]/[all pods]')).toBe(normalizePeer('entire-cluster'));
    expect(normalizePeer('x/[pod with {{Key:app,Operator:NotIn,Values:[b a],}}]')).toBe(normalizePeer('x/[pod with {app NotIn (a, b)}]'));
    expect(normalizePeer('x/[pod with {!app,env}]')).toBe(normalizePeer('x/[pod with {app DoesNotExist,env Exists}]'));
  });
});
