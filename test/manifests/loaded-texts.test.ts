/**
 * Files the process has read are served again by text and path (load.ts `loadedFiles`): one text read at one
 * path is kept as a single record, at several paths by path. And the strings the model keeps from a parse
 * (own-string.ts) are equal to what was written.
 */
import { clearLoadedFiles, loadManifests } from '../../src/manifests/load.js';
import { ownString } from '../../src/manifests/own-string.js';

const text = `apiVersion: v1
kind: Namespace
metadata:
  name: payments-production-eu
  labels:
    team-owner-long-name: platform-networking-team
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout-service-api
  namespace: payments-production-eu
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/name: checkout-service-api
`;

describe('files read before, by text and path', () => {
  beforeEach(() => clearLoadedFiles());

  it('a text read at one path, then another, then both again: each path served its own documents', () => {
    const a1 = loadManifests([{ path: 'a/x.yaml', text }]);
    const b1 = loadManifests([{ path: 'b/x.yaml', text }]);
    const a2 = loadManifests([{ path: 'a/x.yaml', text }]);
    const b2 = loadManifests([{ path: 'b/x.yaml', text }]);
    expect(a1.documents.map((d) => d.file)).toEqual(['a/x.yaml', 'a/x.yaml']);
    expect(b1.documents.map((d) => d.file)).toEqual(['b/x.yaml', 'b/x.yaml']);
    // The very documents: read once per path, whichever path was read last.
    expect(a2.documents[1]).toBe(a1.documents[1]);
    expect(b2.documents[1]).toBe(b1.documents[1]);
    expect(b1.documents[1]).not.toBe(a1.documents[1]);
  });

  it('a text read again at its path with another placement is read again, and that read served after', () => {
    const plain = loadManifests([{ path: 'a/x.yaml', text }]);
    const placed = loadManifests([{ path: 'a/x.yaml', text, overrideNamespace: 'other' }]);
    expect(placed.documents[1]).not.toBe(plain.documents[1]);
    expect(placed.cluster.workloads.map((w) => w.id)).toEqual(['other/checkout-service-api[Deployment]']);
    expect(loadManifests([{ path: 'a/x.yaml', text, overrideNamespace: 'other' }]).documents[1]).toBe(placed.documents[1]);
  });
});

describe('strings the model keeps from a parse', () => {
  it('are what the manifests wrote', () => {
    const { cluster } = loadManifests([{ path: 'x.yaml', text }]);
    expect(cluster.workloads.map((w) => [w.id, w.namespace, w.name, w.podLabels['app.kubernetes.io/name']])).toEqual([['payments-production-eu/checkout-service-api[Deployment]', 'payments-production-eu', 'checkout-service-api', 'checkout-service-api']]);
    expect(cluster.namespaces.map((n) => [n.name, n.labels['team-owner-long-name']])).toEqual([['payments-production-eu', 'platform-networking-team']]);
  });

  it.each([[''], ['a'], ['twelve-chars'], ['thirteen-char'], ['a much longer label value, with ünïcödé and 😀 in it'], ['x'.repeat(20000)]])('ownString of %#: equal to its argument', (s) => {
    const long = `prefix ${s} suffix`;
    const inner = long.slice(7, 7 + s.length);
    expect(ownString(inner)).toBe(s);
    expect(ownString(inner).length).toBe(s.length);
  });

  it('many distinct strings (past the pool bound) each equal their argument', () => {
    for (let i = 0; i < 120_000; i += 1) {
      const s = `namespace-number-${i}`;
      if (ownString(s) !== s) throw new Error(`ownString changed ${s}`);
    }
  });
});
