/**
 * Names of pods the manifests do not hold in text and Markdown (report/pods-text.ts): every matchExpressions
 * operator, requirements that hold pods first, excluding ones counted past SELECTOR_CHARS, a namespace's
 * name label read as names, exceptions by what they add, ids read back; the JSON ids stay as they are.
 */
import type { LabelSelector, Requirement } from '../../src/engine/index.js';
import { abstractPeer } from '../../src/engine/index.js';
import { SELECTOR_CHARS, idText, isSummaryName, podsExceptText, podsText } from '../../src/report/pods-text.js';

const sel = (matchLabels: Record<string, string>, ...expressions: Requirement[]): LabelSelector => ({ matchLabels, expressions });
const req = (key: string, op: Requirement['op'], ...values: string[]): Requirement => ({ key, op, values });
const ALL = sel({});

describe('pod selectors, every operator', () => {
  it('In with one value is a label, with several a set; Exists; NotIn; DoesNotExist', () => {
    expect(podsText(abstractPeer('shop', sel({}, req('app', 'In', 'api'))))).toBe('shop/[pod with {app=api}]');
    expect(podsText(abstractPeer('shop', sel({}, req('app', 'In', 'b', 'a'))))).toBe('shop/[pod with {app In (a,b)}]');
    expect(podsText(abstractPeer('shop', sel({}, req('app', 'Exists'))))).toBe('shop/[pod with {app Exists}]');
    expect(podsText(abstractPeer('shop', sel({}, req('app', 'NotIn', 'a'))))).toBe('shop/[pod with {app NotIn (a)}]');
    expect(podsText(abstractPeer('shop', sel({}, req('app', 'DoesNotExist'))))).toBe('shop/[pod with {app DoesNotExist}]');
    expect(podsText(abstractPeer('shop', sel({ tier: '' })))).toBe('shop/[pod with {tier=""}]');
  });

  it('requirements that hold pods come first, by key, then those that exclude, by key', () => {
    const s = sel({ z: '1' }, req('a', 'NotIn', 'x'), req('b', 'Exists'), req('c', 'DoesNotExist'), req('d', 'In', 'p', 'q'));
    expect(podsText(abstractPeer('shop', s))).toBe('shop/[pod with {b Exists,d In (p,q),z=1,a NotIn (x),c DoesNotExist}]');
    // The JSON id keeps the contract's order.
    expect(abstractPeer('shop', s).id).toBe('shop/[pod with {z=1,a NotIn (x),b Exists,c DoesNotExist,d In (p,q)}]');
  });

  it('an empty selector is all pods; an empty pair of selectors the entire cluster', () => {
    expect(podsText(abstractPeer('shop', ALL))).toBe('shop/[all pods]');
    expect(podsText(abstractPeer(ALL, ALL))).toBe('entire-cluster');
    expect(podsText(abstractPeer(ALL, sel({ app: 'dns' })))).toBe('[all namespaces]/[pod with {app=dns}]');
    expect(podsText(abstractPeer(sel({ team: 'a' }), ALL))).toBe('[namespace with {team=a}]/[all pods]');
  });
});

describe('long names: excluding requirements counted', () => {
  const long = (k: string) => `longhorn.io/${k}`;
  const s = sel(
    { app: 'longhorn-ui', [long('admission-webhook')]: 'longhorn-admission-webhook' },
    req(long('component'), 'NotIn', 'backing-image-data-source', 'backing-image-manager', 'instance-manager'),
    req(long('conversion-webhook'), 'NotIn', 'longhorn-conversion-webhook'),
    req(long('job-task'), 'DoesNotExist'),
    req(long('recovery-backend'), 'NotIn', 'longhorn-recovery-backend'),
  );

  it('keeps every requirement that holds pods and the shortest excluding ones that fit, and counts the rest', () => {
    const text = podsText(abstractPeer('longhorn-system', s));
    expect(text).toBe('longhorn-system/[pod with {app=longhorn-ui,longhorn.io/admission-webhook=longhorn-admission-webhook,longhorn.io/job-task DoesNotExist} +3 exclusions]');
    expect(text.slice(text.indexOf('{') + 1, text.indexOf('}')).length).toBeLessThanOrEqual(SELECTOR_CHARS);
  });

  it('a name within the bound is written whole', () => {
    expect(podsText(abstractPeer('prod', sel({ app: 'api' }, req('env', 'NotIn', 'prod'))))).toBe('prod/[pod with {app=api,env NotIn (prod)}]');
  });

  it('only excluding requirements: all pods less a count', () => {
    const values = ['a-value-long-enough-to-matter', 'another-value-long-enough-to-matter', 'a-third-value-long-enough-to-matter'];
    const only = sel({}, ...['a', 'b', 'c', 'd'].map((k) => req(`example.com/a-rather-long-label-key-${k}`, 'NotIn', ...values)));
    expect(podsText(abstractPeer('ns', only))).toBe('ns/[all pods +4 exclusions]');
  });
});

describe('namespaces by their name label', () => {
  const NAME = 'kubernetes.io/metadata.name';
  it('NotIn: the namespaces other than those', () => {
    expect(podsText(abstractPeer(sel({}, req(NAME, 'NotIn', 'ingress-nginx', 'longhorn-system')), ALL))).toBe('[namespace other than ingress-nginx, longhorn-system]/[all pods]');
    expect(podsText(abstractPeer(sel({ team: 'x' }, req(NAME, 'NotIn', 'shop')), sel({ app: 'a' })))).toBe('[namespace with {team=x} other than shop]/[pod with {app=a}]');
    expect(podsText(abstractPeer(sel({}, req(NAME, 'NotIn', 'a', 'b', 'c', 'd', 'e')), ALL))).toBe('[namespace other than a, b, c and 2 more]/[all pods]');
    // One name past the three named is named, never hidden behind "and 1 more" (it takes the room of its count).
    expect(podsText(abstractPeer(sel({}, req(NAME, 'NotIn', 'api', 'db', 'kube-system', 'monitoring')), ALL))).toBe('[namespace other than api, db, kube-system, monitoring]/[all pods]');
  });

  it('In: the namespace by name, with the labels it must carry', () => {
    expect(podsText(abstractPeer(sel({ [NAME]: 'openshift-dns', name: 'openshift-monitoring' }), ALL))).toBe('[namespace openshift-dns with {name=openshift-monitoring}]/[all pods]');
    expect(podsText(abstractPeer(sel({}, req(NAME, 'In', 'a', 'b')), ALL))).toBe('[namespace a or b]/[all pods]');
    expect(podsText(abstractPeer(sel({}, req(NAME, 'In', 'a', 'b', 'c')), ALL))).toBe('[namespace a, b or c]/[all pods]');
    // One name alone is the namespace itself, as the id writes it.
    expect(podsText(abstractPeer(sel({ [NAME]: 'shop' }), ALL))).toBe('shop/[all pods]');
  });

  it('the name label with Exists or twice is written as any label', () => {
    expect(podsText(abstractPeer(sel({}, req(NAME, 'Exists')), ALL))).toBe(`[namespace with {${NAME} Exists}]/[all pods]`);
    expect(podsText(abstractPeer(sel({}, req(NAME, 'In', 'a', 'b'), req(NAME, 'NotIn', 'b')), ALL))).toBe(`[namespace with {${NAME} In (a,b),${NAME} NotIn (b)}]/[all pods]`);
  });
});

describe('exceptions', () => {
  const P = abstractPeer('ingress-nginx', ALL);
  const E = abstractPeer('ingress-nginx', sel({ 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' }));

  it('an exception in the peer\'s namespace reads by what it adds', () => {
    expect(podsExceptText(P, [E])).toBe('ingress-nginx/[all pods] (except those with {app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx})');
    const Q = abstractPeer('shop', sel({ app: 'api' }, req('env', 'NotIn', 'prod')));
    const F = abstractPeer('shop', sel({ app: 'api', team: 'blue' }, req('env', 'NotIn', 'prod')));
    const G = abstractPeer('shop', sel({ app: 'api' }, req('env', 'NotIn', 'prod'), req('tier', 'Exists')));
    expect(podsExceptText(Q, [F, G])).toBe('shop/[pod with {app=api,env NotIn (prod)}] (except those with {team=blue} or {tier Exists})');
  });

  it('other exceptions keep their own names; past four, three and a count', () => {
    const wide = abstractPeer(sel({ team: 'x' }), ALL);
    expect(podsExceptText(wide, [abstractPeer('locked', ALL)])).toBe('[namespace with {team=x}]/[all pods] (except locked/[all pods])');
    // Of the same namespace, the pods of the peer that meet what the exception adds are the peer's pods in it, whatever it drops.
    const Q = abstractPeer('shop', sel({ app: 'api' }, req('env', 'NotIn', 'a')));
    expect(podsExceptText(Q, [abstractPeer('shop', sel({ team: 'b' }))])).toBe('shop/[pod with {app=api,env NotIn (a)}] (except those with {team=b})');
    // Five exceptions on five keys (on one key they would merge: {app In (a,b,c,d,e)}).
    const many = ['a', 'b', 'c', 'd', 'e'].map((v) => abstractPeer('ns', sel({ [v]: 'x' })));
    expect(podsExceptText(abstractPeer('ns', ALL), many)).toBe('ns/[all pods] (except those with {a=x} or {b=x} or {c=x} and 2 more)');
  });

  it('exceptions that each add one excluding requirement read as the pods left: NotIn leaves In, DoesNotExist leaves Exists (new-user trial 39)', () => {
    // Was `team-b/[all pods] (except those with {app NotIn (web)})`: a double negative for the web pods.
    expect(podsExceptText(abstractPeer('team-b', ALL), [abstractPeer('team-b', sel({}, req('app', 'NotIn', 'web')))])).toBe('team-b/[pod with {app=web}]');
    expect(podsExceptText(abstractPeer('shop', sel({ tier: 'web' })), [abstractPeer('shop', sel({ tier: 'web' }, req('canary', 'DoesNotExist')))])).toBe('shop/[pod with {canary Exists,tier=web}]');
    const two = [abstractPeer('ns', sel({}, req('app', 'NotIn', 'a'))), abstractPeer('ns', sel({}, req('env', 'NotIn', 'x', 'y')))];
    expect(podsExceptText(abstractPeer('ns', ALL), two)).toBe('ns/[pod with {app=a,env In (x,y)}]');
    const wide = abstractPeer(sel({ team: 'x' }), ALL);
    expect(podsExceptText(wide, [abstractPeer(sel({ team: 'x' }), sel({}, req('app', 'NotIn', 'a')))])).toBe('[namespace with {team=x}]/[pod with {app=a}]');
    // Read back from an id as the reasons carry it.
    expect(idText('team-b/[all pods] (except team-b/[pod with {app NotIn (web)}])')).toBe('team-b/[pod with {app=web}]');
    // An exception that adds a requirement holding pods, or two requirements, keeps its reading.
    expect(podsExceptText(abstractPeer('ns', ALL), [abstractPeer('ns', sel({}, req('app', 'NotIn', 'a'))), abstractPeer('ns', sel({ team: 'b' }))])).toBe('ns/[all pods] (except those with {app NotIn (a)} or {team=b})');
    expect(podsExceptText(abstractPeer('ns', ALL), [abstractPeer('ns', sel({}, req('app', 'NotIn', 'a'), req('env', 'DoesNotExist')))])).toBe('ns/[all pods] (except those with {app NotIn (a),env DoesNotExist})');
  });

  it('whole namespaces left out, then exceptions that each add one excluding requirement: the pods left, by name (new-user trial 45, c4)', () => {
    const NAME = 'kubernetes.io/metadata.name';
    const backend = abstractPeer(sel({ team: 'backend' }), ALL);
    const notApi = sel({ team: 'backend' }, req(NAME, 'NotIn', 'api'));
    // Was `[namespace with {team=backend}]/[all pods] (except [namespace with {team=backend} other than api]/[pod with {app NotIn (orders)}], api/[all pods])`.
    expect(podsExceptText(backend, [abstractPeer(notApi, sel({}, req('app', 'NotIn', 'orders'))), abstractPeer('api', ALL)])).toBe('[namespace with {team=backend} other than api]/[pod with {app=orders}]');
    // The exception chosen in the peer's own namespaces, either order.
    expect(podsExceptText(backend, [abstractPeer('api', ALL), abstractPeer(sel({ team: 'backend' }), sel({}, req('app', 'NotIn', 'orders')))])).toBe('[namespace with {team=backend} other than api]/[pod with {app=orders}]');
    // Several namespaces, a name already left out by the peer, DoesNotExist.
    const cluster = abstractPeer(sel({}), sel({ tier: 'web' }));
    const others = abstractPeer(sel({}, req(NAME, 'NotIn', 'a', 'b')), sel({ tier: 'web' }, req('canary', 'DoesNotExist')));
    expect(podsExceptText(cluster, [abstractPeer('b', sel({ tier: 'web' })), others, abstractPeer('a', ALL)])).toBe('[namespace other than a, b]/[pod with {canary Exists,tier=web}]');
    const notA = abstractPeer(sel({ team: 'x' }, req(NAME, 'NotIn', 'a')), ALL);
    expect(podsExceptText(notA, [abstractPeer('b', ALL), abstractPeer(sel({ team: 'x' }, req(NAME, 'NotIn', 'a', 'b')), sel({}, req('app', 'NotIn', 'w')))])).toBe('[namespace with {team=x} other than a, b]/[pod with {app=w}]');
    // Read back from the JSON id the reasons carry.
    expect(idText('[namespace with {team=backend}]/[all pods] (except [namespace with {team=backend,kubernetes.io/metadata.name NotIn (api)}]/[pod with {app NotIn (orders)}], api/[all pods])')).toBe('[namespace with {team=backend} other than api]/[pod with {app=orders}]');
    // Kept as written: a namespace's exception that leaves some of its pods, one whose exception adds a
    // requirement holding pods, and whole namespaces with nothing else left out (no double negative to read).
    const partial = [abstractPeer(notApi, sel({}, req('app', 'NotIn', 'orders'))), abstractPeer('api', sel({ app: 'orders' }))];
    expect(podsExceptText(backend, partial)).toBe('[namespace with {team=backend}]/[all pods] (except [namespace with {team=backend} other than api]/[pod with {app NotIn (orders)}], api/[pod with {app=orders}])');
    expect(podsExceptText(backend, [abstractPeer(notApi, sel({ app: 'orders' })), abstractPeer('api', ALL)])).toBe('[namespace with {team=backend}]/[all pods] (except [namespace with {team=backend} other than api]/[pod with {app=orders}], api/[all pods])');
    expect(podsExceptText(backend, [abstractPeer('api', ALL)])).toBe('[namespace with {team=backend}]/[all pods] (except api/[all pods])');
  });

  it('exceptions whose union one requirement says are merged first: no double negation (ukyi-app/homelab 33004e5)', () => {
    const component = req('app.kubernetes.io/component', 'NotIn', 'valkey');
    // {component NotIn (valkey), name NotIn (cache-backup)} or {name=cache-backup, component NotIn (valkey)} is {component NotIn (valkey)}.
    const split = [abstractPeer('cache', sel({}, component, req('app.kubernetes.io/name', 'NotIn', 'cache-backup'))), abstractPeer('cache', sel({ 'app.kubernetes.io/name': 'cache-backup' }, component))];
    expect(podsExceptText(abstractPeer('cache', ALL), split)).toBe('cache/[pod with {app.kubernetes.io/component=valkey}]');
    expect(idText(`cache/[all pods] (except ${split.map((e) => e.id).join(', ')})`)).toBe('cache/[pod with {app.kubernetes.io/component=valkey}]');
    // Exists and DoesNotExist are complements too; an exception inside another is dropped.
    const tiers = [abstractPeer('ns', sel({ app: 'a' }, req('tier', 'Exists'))), abstractPeer('ns', sel({ app: 'a' }, req('tier', 'DoesNotExist'))), abstractPeer('ns', sel({ app: 'a', env: 'x' }))];
    expect(podsExceptText(abstractPeer('ns', ALL), tiers)).toBe('ns/[all pods] (except those with {app=a})');
    // Values that differ are no complement: env=x is inside env NotIn (y), so the two are the second.
    const apart = [abstractPeer('ns', sel({}, req('app', 'NotIn', 'a'), req('env', 'In', 'x'))), abstractPeer('ns', sel({}, req('app', 'NotIn', 'a'), req('env', 'NotIn', 'y')))];
    expect(podsExceptText(abstractPeer('ns', ALL), apart)).toBe('ns/[all pods] (except those with {app NotIn (a),env NotIn (y)})');
    // Requirements on two keys that differ between the exceptions stay apart.
    const two = [abstractPeer('ns', sel({ app: 'a', env: 'x' })), abstractPeer('ns', sel({ app: 'b', env: 'y' }))];
    expect(podsExceptText(abstractPeer('ns', ALL), two)).toBe('ns/[all pods] (except those with {app=a,env=x} or {app=b,env=y})');
  });

  it('exceptions that split one key three ways are merged to what they share (rwlove/home-ops ddadabfdea)', () => {
    const role = req('cnpg.io/podRole', 'NotIn', 'instance');
    const name = 'app.kubernetes.io/name';
    const cluster = sel({ 'cnpg.io/cluster': 'postgres-monica' });
    // {name=dragonfly,podRole NotIn (instance)} or {name=qdrant,…} or {name NotIn (dragonfly,qdrant),…} is {podRole NotIn (instance)}.
    const split = [
      abstractPeer('databases', sel({ 'cnpg.io/cluster': 'postgres-monica', [name]: 'dragonfly' }, role)),
      abstractPeer('databases', sel({ 'cnpg.io/cluster': 'postgres-monica', [name]: 'qdrant' }, role)),
      abstractPeer('databases', sel({ 'cnpg.io/cluster': 'postgres-monica' }, req(name, 'NotIn', 'dragonfly', 'qdrant'), role)),
    ];
    expect(podsExceptText(abstractPeer('databases', cluster), split)).toBe('databases/[pod with {cnpg.io/cluster=postgres-monica,cnpg.io/podRole=instance}]');
    expect(idText(`databases/[pod with {cnpg.io/cluster=postgres-monica}] (except ${split.map((e) => e.id).join(', ')})`)).toBe('databases/[pod with {cnpg.io/cluster=postgres-monica,cnpg.io/podRole=instance}]');
    // Two values of one key are one In; Exists with NotIn holds every pod; DoesNotExist with In says nothing shorter.
    expect(podsExceptText(abstractPeer('ns', ALL), [abstractPeer('ns', sel({ app: 'a' })), abstractPeer('ns', sel({ app: 'b' }))])).toBe('ns/[all pods] (except those with {app In (a,b)})');
    expect(podsExceptText(abstractPeer('ns', ALL), [abstractPeer('ns', sel({ team: 't' }, req('app', 'Exists'))), abstractPeer('ns', sel({ team: 't' }, req('app', 'NotIn', 'a')))])).toBe('ns/[all pods] (except those with {team=t})');
    expect(podsExceptText(abstractPeer('ns', ALL), [abstractPeer('ns', sel({ app: 'a' })), abstractPeer('ns', sel({}, req('app', 'DoesNotExist')))])).toBe('ns/[all pods] (except those with {app=a} or {app DoesNotExist})');
  });

  it('ids as reasons and groups carry them read back, addresses as CIDRs, anything else unchanged', () => {
    const id = `${P.id} (except ${E.id})`;
    expect(idText(id)).toBe(podsExceptText(P, [E]));
    expect(idText('[namespace with {kubernetes.io/metadata.name NotIn (a,b)}]/[all pods]')).toBe('[namespace other than a, b]/[all pods]');
    expect(idText('shop/api[Deployment]')).toBe('shop/api[Deployment]');
    // Addresses as every other line names them (new-user trial 35: the grouped summary printed the id's ranges).
    expect(idText('10.0.0.0-10.255.255.255')).toBe('10.0.0.0/8');
    expect(idText('entire-cluster')).toBe('entire-cluster');
  });
});

describe('podsText: one long NotIn', () => {
  it('names the exclusion by its key and first values, not "+1 exclusion"', () => {
    const apps = ['adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'loadgenerator', 'paymentservice', 'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice'];
    const peer = abstractPeer('default', { matchLabels: {}, expressions: [{ key: 'app', op: 'NotIn', values: apps }] });
    const text = podsText(peer);
    expect(text).toMatch(/^default\/\[pod with \{app NotIn \(adservice,cartservice,[a-z,-]+ and \d+ more\)\}\]$/);
    expect(text.slice(text.indexOf('{') + 1, text.lastIndexOf('}')).length).toBeLessThanOrEqual(SELECTOR_CHARS);
    expect(isSummaryName(text)).toBe(true);
  });
});

describe('pods chosen by many long labels (an operator\'s pods by the recommended labels)', () => {
  const operator = sel({
    'app.kubernetes.io/component': 'alert-router',
    'app.kubernetes.io/instance': 'main',
    'app.kubernetes.io/name': 'alertmanager',
    'app.kubernetes.io/part-of': 'kube-prometheus',
  });

  it('are named by the label naming the application, the others counted; a summary; the JSON id keeps every label', () => {
    const text = podsText(abstractPeer('monitoring', operator));
    expect(text).toBe('monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]');
    expect(isSummaryName(text)).toBe(true);
    expect(abstractPeer('monitoring', operator).id).toBe(
      'monitoring/[pod with {app.kubernetes.io/component=alert-router,app.kubernetes.io/instance=main,app.kubernetes.io/name=alertmanager,app.kubernetes.io/part-of=kube-prometheus}]',
    );
  });

  it('excluding requirements are still written after the naming label', () => {
    const s = sel(operator.matchLabels, req('debug', 'DoesNotExist'));
    expect(podsText(abstractPeer('monitoring', s))).toBe('monitoring/[pod with {app.kubernetes.io/name=alertmanager,debug DoesNotExist} +3 labels]');
  });

  it('a short label beside them is written too: the one another selector most often tells regions apart by (new-user 46b #2)', () => {
    const withApp = sel({ ...operator.matchLabels, app: 'grafana' });
    expect(podsText(abstractPeer('monitoring', withApp))).toBe('monitoring/[pod with {app=grafana,app.kubernetes.io/name=alertmanager} +3 labels]');
    const without = sel(operator.matchLabels, req('app', 'NotIn', 'grafana'));
    expect(podsText(abstractPeer('monitoring', without))).toBe('monitoring/[pod with {app.kubernetes.io/name=alertmanager,app NotIn (grafana)} +3 labels]');
  });

  it('short selectors, and two long labels, are written whole', () => {
    expect(podsText(abstractPeer('shop', sel({ app: 'web', tier: 'front', team: 'a' })))).toBe('shop/[pod with {app=web,team=a,tier=front}]');
    const two = sel({ 'app.kubernetes.io/name': 'a'.repeat(50), 'app.kubernetes.io/instance': 'b'.repeat(50) });
    expect(podsText(abstractPeer('shop', two))).not.toContain('+1 label');
  });
});
