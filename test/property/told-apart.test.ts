/**
 * No two ends of a report read alike (report/telling-names.ts): for random sets of peers (long keys and values,
 * many exclusions, namespaces by name label, some peers alike but for one requirement) and random ends with
 * exceptions (more than EXCEPTIONS_NAMED of them), the names a report writes under its Telling are distinct for
 * distinct ids, the full-names list keeps every id, and a name never writes a requirement its peer lacks. Names
 * that read alike without the Telling are counted: a run that drew none would prove nothing.
 */
import fc from 'fast-check';
import type { AbstractPeer, LabelSelector, PeerRef, Requirement } from '../../src/engine/index.js';
import { abstractPeer, peerId, requirements } from '../../src/engine/index.js';
import { idText, isSummaryName, peerRequirementText, podsExceptText, podsText } from '../../src/report/pods-text.js';
import { reportTelling } from '../../src/report/telling-names.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { params } from './harness.js';

const NAME = 'kubernetes.io/metadata.name';
const KEYS = ['app', 'example.com/a-rather-long-label-key-a', 'example.com/a-rather-long-label-key-b', 'example.com/a-rather-long-label-key-c', 'app.kubernetes.io/instance'];
const VALUES = ['a', 'a-value-long-enough-to-matter', 'another-value-long-enough-to-matter', 'a-third-value-long-enough-to-matter'];
const NAMESPACES = ['ns1', 'ns2', 'ns3', 'ns4', 'ns5', 'ns6'];

const requirement: fc.Arbitrary<Requirement> = fc
  .record({ key: fc.constantFrom(...KEYS), op: fc.constantFrom('In', 'NotIn', 'NotIn', 'DoesNotExist' as const), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }) })
  .map((r) => (r.op === 'DoesNotExist' ? { key: r.key, op: r.op, values: [] } : r));

/** Each key once (a selector's requirements are a set: the same twice would be one peer by two ids). */
const selector: fc.Arbitrary<LabelSelector> = fc
  .record({ matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }), expressions: fc.uniqueArray(requirement, { maxLength: 5, selector: (r) => r.key }) })
  .map(({ matchLabels, expressions }) => ({ matchLabels, expressions: expressions.filter((r) => !(r.key in matchLabels)) }));

const namespacePart: fc.Arbitrary<string | LabelSelector> = fc.oneof(
  fc.constantFrom('ns1', 'ns2'),
  fc.uniqueArray(fc.constantFrom(...NAMESPACES), { minLength: 1, maxLength: 6 }).map((names): LabelSelector => ({ matchLabels: {}, expressions: [{ key: NAME, op: 'NotIn', values: names }] })),
  selector,
);

/** A peer, and some of its twins: the same but for one requirement added. */
const family = fc.record({ ns: namespacePart, pods: selector, twins: fc.array(requirement, { maxLength: 3 }) }).map(({ ns, pods, twins }) => [
  abstractPeer(ns, pods),
  ...twins.filter((r) => !(r.key in pods.matchLabels) && !pods.expressions.some((e) => e.key === r.key)).map((r) => abstractPeer(ns, { matchLabels: pods.matchLabels, expressions: [...pods.expressions, r] })),
]);

/** An end with exceptions: a namespace-chosen peer less several namespaces' pods. */
const excepting = fc
  .record({ team: fc.constantFrom('a', 'b'), names: fc.uniqueArray(fc.constantFrom(...NAMESPACES), { minLength: 4, maxLength: 6 }) })
  .map(({ team, names }): PeerRef => ({ type: 'pods', peer: abstractPeer({ matchLabels: { team }, expressions: [] }, { matchLabels: {}, expressions: [] }), except: names.map((n) => abstractPeer(n, { matchLabels: { app: 'x' }, expressions: [] })) }));

const pods = (peer: AbstractPeer): PeerRef => ({ type: 'pods', peer });

describe('names in one report', () => {
  it('are distinct for distinct ids, keep each id in the full-names list, and write only requirements of their peer', () => {
    let alike = 0;
    let alikeExcepting = 0;
    fc.assert(
      fc.property(fc.array(family, { minLength: 1, maxLength: 5 }), fc.array(excepting, { maxLength: 6 }), (families, ends) => {
        const all = [...families.flat().map(pods), ...ends];
        // Only what reportTelling reads of a report: the ends of its pairs.
        const report = { pairs: all.map((src) => ({ src, dst: src })), widerRegions: [], isolationCauses: [] } as unknown as DiffReport;
        const telling = reportTelling(report);
        const text = (e: PeerRef) => (e.type === 'pods' ? podsExceptText(e.peer, e.except ?? [], telling) : '');
        const plain = (e: PeerRef) => (e.type === 'pods' ? podsExceptText(e.peer, e.except ?? []) : '');
        const ids = new Map(all.map((e) => [peerId(e), e]));
        const texts = new Map<string, string>();
        if (new Set([...ids.values()].map(plain)).size < ids.size) alike++;
        if (new Set(ends.map(plain)).size < new Set(ends.map(peerId)).size) alikeExcepting++;
        for (const [id, e] of ids) {
          const t = text(e);
          if (texts.has(t)) throw new Error(`${id} and ${texts.get(t)} both read ${t}`);
          texts.set(t, id);
        }
        // The full-names list, keyed by name as the reports key it: every shortened id kept.
        const shortened = new Map<string, string>();
        for (const id of ids.keys()) {
          const t = idText(id, telling);
          if (t !== id && isSummaryName(t)) shortened.set(t, id);
        }
        expect(shortened.size).toBe([...ids.keys()].filter((id) => isSummaryName(idText(id, telling))).length);
        for (const p of families.flat()) {
          const t = podsText(p, telling);
          const own = new Set([...requirements(p.podSelector), ...(p.namespaceSelector ? requirements(p.namespaceSelector) : [])].map(peerRequirementText));
          for (const written of t.match(/[^{},]+ (?:NotIn|In) \([^)]*\)/g) ?? []) if (!written.includes(' more)')) expect(own).toContain(written.trim());
        }
      }),
      params(400),
    );
    expect(alike).toBeGreaterThan(0);
    expect(alikeExcepting).toBeGreaterThan(0);
  });
});
