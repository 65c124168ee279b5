/**
 * A name a set's numbers do not reach (NamedConns exceptions, README "Named ports toward such pods"): a rule
 * narrowing every port to `port: http` toward pods the manifests do not hold closes every port except the
 * one named http, since pods numbering http keep it (real-eval-3 "namedport-abstract-closed-all", from
 * Tufin/test-network-policies' named-port case: it was reported closing all ports, its `closed` contradicting
 * its `head`). Text `all ports except TCP http`, JSON `exceptNamedPorts`; the mirror opens the same.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { ConnectionSet, NamedConns, PortSet, pairConns, parseName, peerId } from '../../src/engine/index.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import { regionPairs } from '../helpers/region-pairs.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n';
const allowHttp = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-http, namespace: shop}\nspec: ${JSON.stringify({
  podSelector: { matchLabels: { app: 'web' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http' }] }],
})}\n---\n`;
const files = (text: string) => [{ path: 'np.yaml', text }];
const CLIENT = 'shop/[pod with {app=web,role=client}]';
const WEB = 'shop/[pod with {app=web,role NotIn (client)}]';

/** The sets (text) of the report's pairs from role=client pods, by source => destination. */
const clientPairs = (r: DiffReport) =>
  Object.fromEntries(r.pairs.filter((p) => peerId(p.src).includes('role=client')).map((p) => [`${peerId(p.src)} => ${peerId(p.dst)}`, (['base', 'head', 'opened', 'closed'] as const).map((f) => pairConns(p, f)?.toText() ?? null)]));

describe('a rule narrowing every port to one name', () => {
  it('closes every port but the named one toward the pods it admits by name: text and JSON', () => {
    const r = analyzeDiff(files(ns), files(ns + allowHttp));
    const pairs = clientPairs(r);
    expect(pairs[`${CLIENT} => ${WEB}`]).toEqual(['All Connections', 'TCP http', null, 'all ports except TCP http']);
    expect(Object.values(pairs).every((sets) => sets[3] === 'all ports except TCP http')).toBe(true);
    expect(diffText(r)).toContain(`${WEB} no longer admits ${CLIENT} and shop/[pod with {role=client,app NotIn (web)}] on all ports except TCP http, `);
    const json = diffJsonObject(r) as { pairs: { src: { id: string }; dst: { id: string }; head: unknown; closed: unknown }[] };
    const j = regionPairs(json).find((x) => x.src.id === CLIENT && x.dst.id === WEB);
    expect(j && { head: j.head, closed: j.closed }).toEqual({ head: { namedPorts: { TCP: ['http'] } }, closed: { all: true, exceptNamedPorts: [{ protocol: 'TCP', name: 'http' }] } });
    // Other sources lose every port.
    expect(diffText(r)).toMatch(/no longer admits \[namespace other than [^\]]*\]\/\[all pods\], .* on all ports, /);
  });

  it('the mirror (the policy deleted) opens every port but the named one', () => {
    const r = analyzeDiff(files(ns + allowHttp), files(ns));
    expect(clientPairs(r)[`${CLIENT} => ${WEB}`]).toEqual(['TCP http', 'All Connections', 'all ports except TCP http', null]);
  });
});

describe('exceptions in the public form', () => {
  const tcp = (...ps: [number, number][]) => ConnectionSet.of('TCP', PortSet.of(ps));
  const cases: [string, NamedConns, readonly string[], string][] = [
    ['every port but a name', NamedConns.exact(ConnectionSet.ALL, new Map([['http', ConnectionSet.NONE]])), ['-ANY/http'], 'all ports except http (any protocol)'],
    ['a name lacking one of the numbers', NamedConns.exact(tcp([80, 80], [8080, 8080]), new Map([['http', tcp([8080, 8080])]])), ['-TCP/http@80'], 'TCP 80,8080 except TCP 80 where it is port http'],
    // New-user trial 45, F5: was `TCP 5432 except TCP pg (if numbered 5432)`.
    ['a name lacking every number of the set', NamedConns.exact(tcp([5432, 5432]), new Map([['pg', ConnectionSet.NONE]])), ['-TCP/pg@5432'], 'TCP 5432 except where it is port pg'],
    ['two names lacking every number', NamedConns.exact(tcp([9999, 9999]), new Map([['http', ConnectionSet.NONE], ['metrics', ConnectionSet.NONE]])), ['-TCP/http@9999', '-TCP/metrics@9999'], 'TCP 9999 except where it is port http or metrics'],
    ['a name wider on some ports, narrower on others', NamedConns.exact(tcp([80, 80]), new Map([['http', tcp([1, 79], [81, 65535])]])), ['-TCP/http@80', 'TCP/http'], 'TCP 80, TCP http except TCP 80 where it is port http'],
  ];
  it.each(cases)('%s: names, text, and the set read back from its names', (_what, set, names, text) => {
    expect(set.names).toEqual(names);
    expect(set.toText()).toBe(text);
    expect(NamedConns.of(set.conn, set.names.map(parseName)).equals(set)).toBe(true);
  });
});
