/**
 * An app-template release's `values.networkpolicies` entries are NetworkPolicies the chart makes for its
 * controllers' pods (manifests/kinds/app-template-policies.ts). New-user trial 42, finding 1: read as not
 * there, `explain` said ALLOWED for traffic the release's own policy denies, `lint` called the controller
 * unprotected and a commit adding only such a policy read "No change".
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { loadManifests } from '../../src/manifests/load.js';
import { analyzeFiles } from '../helpers/analyze.js';

/** The note that a chartRef's source is not among the files read (manifests/chart-refs.ts): these fixtures name one they do not hold. */
const SOURCE_UNKNOWN = /spec\.chartRef names \S+ \S+, which the manifests analysed here do not define/;

/** An app-template HelmRelease `hass` in `default` with the controllers and networkpolicies given (indented under `values:`). */
function release(values: string, extra = ''): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2', //  1
    'kind: HelmRelease', //                      2
    'metadata:', //                              3
    '  name: hass', //                           4
    '  namespace: default', //                   5
    'spec:', //                                  6
    '  chartRef: {kind: OCIRepository, name: app-template}', // 7
    `${extra}  values:`, //                      8 without extra
    values,
  ].join('\n');
}

const ONE = ['    controllers:', '      main:', '        containers:', '          app:', '            image: {repository: example/hass}', '            ports: [{name: http, containerPort: 8123}]'].join('\n');
const TWO = `${ONE}\n      worker:\n        containers:\n          app:\n            image: {repository: example/worker}`;

/** The entry `home` admitting pods of namespace networking on 8123, with `selector` as its first lines (the entry's key on line 16 after ONE). */
function policies(controllers: string, selector: string[]): string {
  return [
    controllers,
    '    networkpolicies:',
    '      home:',
    ...selector.map((l) => `        ${l}`),
    '        policyTypes: [Ingress]',
    '        rules:',
    '          ingress:',
    '            - from:',
    '                - namespaceSelector:',
    '                    matchLabels: {kubernetes.io/metadata.name: networking}',
    '              ports: [{protocol: TCP, port: 8123}]',
    '',
  ].join('\n');
}

const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: default}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: i}]}\n';
const proxy = client.replace(/client/g, 'proxy').replace('namespace: default', 'namespace: networking');

function conn(files: Record<string, string>, src: string, dst: string) {
  const a = analyzeFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
  return { a, row: a.json.connections.find((c) => c.src.id === src && c.dst.id === dst)?.conn };
}

function read(text: string) {
  const loaded = loadManifests([{ path: 'hass.yaml', text }]);
  return {
    policies: loaded.cluster.policies.map((p) => ({ id: p.id, matchLabels: { ...p.podSelector.matchLabels }, expressions: p.podSelector.expressions, affects: p.affects, line: p.ref.line, rules: p.ingress.map((r) => r.ref.line) })),
    said: loaded.diagnostics.filter((d) => !SOURCE_UNKNOWN.test(d.message)).map((d) => [d.code, d.ref.line, d.message] as const),
  };
}

const SELECTED = { 'app.kubernetes.io/name': 'hass', 'app.kubernetes.io/instance': 'hass', 'app.kubernetes.io/controller': 'main' };

describe('app-template values.networkpolicies', () => {
  it("`controller`: a NetworkPolicy selecting that controller's pods, cited at the entry and its rules at their lines; it denies the client and admits networking on 8123", () => {
    const text = release(policies(ONE, ['controller: main']));
    expect(read(text)).toEqual({ policies: [{ id: 'default/hass', matchLabels: SELECTED, expressions: [], affects: { ingress: true, egress: false }, line: 16, rules: [21] }], said: [] });
    const files = { 'hass.yaml': text, 'client.yaml': client, 'proxy.yaml': proxy };
    expect(conn(files, 'default/client[Deployment]', 'default/hass[Deployment]').row).toBeUndefined();
    expect(conn(files, 'networking/proxy[Deployment]', 'default/hass[Deployment]').row).toEqual({ protocols: { TCP: [[8123, 8123]] } });
  });

  it('the one enabled controller when none is named; a podSelector as written; two entries are named with their identifier; enabled false makes none', () => {
    expect(read(release(policies(ONE, []))).policies.map((p) => [p.id, p.matchLabels])).toEqual([['default/hass', SELECTED]]);
    expect(read(release(policies(TWO, ['podSelector: {matchLabels: {tier: web}}']))).policies.map((p) => [p.id, p.matchLabels, p.line])).toEqual([['default/hass', { tier: 'web' }, 20]]);
    const two = `${policies(ONE, ['controller: main'])}      metrics:\n        controller: main\n      off:\n        enabled: false\n        controller: main\n`;
    expect(read(release(two)).policies.map((p) => p.id)).toEqual(['default/hass-home', 'default/hass-metrics']);
    // targetNamespace: the release's objects go there, named after the release Flux names.
    expect(read(release(policies(ONE, ['controller: main']), '  targetNamespace: home\n')).policies.map((p) => [p.id, p.matchLabels['app.kubernetes.io/instance']])).toEqual([['home/home-hass', 'home-hass']]);
  });

  it('`controllers`, `extraSelectorLabels` and a peer naming a controller, as the chart renders them', () => {
    const text = release(policies(TWO, ['controllers: [worker, main]', 'extraSelectorLabels: {tier: web}']).replace("                - namespaceSelector:\n                    matchLabels: {kubernetes.io/metadata.name: networking}", '                - controller: worker'));
    const { policies: ps, said } = read(text);
    expect(said).toEqual([]);
    expect(ps.map((p) => [p.matchLabels, p.expressions.map((e) => [e.key, e.op, [...(e.values ?? [])]])])).toEqual([
      [{ 'app.kubernetes.io/name': 'hass', 'app.kubernetes.io/instance': 'hass', tier: 'web' }, [['app.kubernetes.io/controller', 'In', ['main', 'worker']]]],
    ]);
    const loaded = loadManifests([{ path: 'hass.yaml', text }]);
    const peer = loaded.cluster.policies[0].ingress[0].peers;
    expect(peer !== 'any' && peer[0].kind === 'pods' ? { ...peer[0].pods.matchLabels } : peer).toEqual({ ...SELECTED, 'app.kubernetes.io/controller': 'worker' });
  });

  it('forms not modelled are said at the entry and make no policy here', () => {
    const cases: [string[], string, RegExp][] = [
      [['type: cilium'], ONE, /values\.networkpolicies\.home has type "cilium", which makes a policy of another kind; the policy it makes is not analysed/],
      [['controller: "{{ .Release.Name }}"'], ONE, /holds a Go template/],
      [['controller: nope'], ONE, /names controller "nope", no enabled controller of the release/],
      [[], TWO, /names no controller and the release has 2 enabled controllers/],
      [['controllers: ["ma.*"]'], TWO, /a pattern or an identifier of no enabled controller/],
    ];
    for (const [selector, controllers, message] of cases) {
      const r = read(release(policies(controllers, selector)));
      expect(r.policies).toEqual([]);
      expect(r.said).toEqual([['UNSUPPORTED_FIELD', controllers === TWO ? 20 : 16, expect.stringMatching(message)]]);
    }
  });

  it('a commit adding only such a policy closes what it closes', () => {
    const base = [{ path: 'hass.yaml', text: release(`${ONE}\n`) }, { path: 'client.yaml', text: client }];
    const head = [{ path: 'hass.yaml', text: release(policies(ONE, ['controller: main'])) }, { path: 'client.yaml', text: client }];
    const report = analyzeDiff(base, head);
    const name = (r: (typeof report.pairs)[number]['src']) => (r.type === 'workload' ? r.workload.id : r.type);
    const pair = report.pairs.find((p) => name(p.src) === 'default/client[Deployment]' && name(p.dst) === 'default/hass[Deployment]');
    expect(pair?.closed?.toText()).toBe('All Connections');
    expect(report.counts.opened).toBe(0);
  });
});
