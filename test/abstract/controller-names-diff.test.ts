/**
 * The ingress controller toward pods the manifests do not hold, by port name, in diff: a Service's
 * `targetPort: http` or a rule's `port: http` cannot become a number there (their container ports are
 * unknown), so the controller's pair carries the name (`namedPorts`) as pod sources' pairs do, with the
 * why of what changed (the rule naming the port, or the Ingress chain that now leads to it), the rollback
 * closing it, and the same sets `explain --from {ingress-controller} --port NAME` reads.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainFiles } from '../../src/analysis/explain-run.js';
import type { DiffReport, ExplainedPair } from '../../src/analysis/types.js';
import { pairConns, peerId } from '../../src/engine/index.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { fails } from '../../src/report/verdict.js';
import { answered, explanation } from '../helpers/explain-answers.js';
import { shopBehindIngress } from '../helpers/shop-behind-ingress.js';

const shop = shopBehindIngress;

const API = 'shop/[pod with {app=api}]';
const CONTROLLER = '{ingress-controller}';
const files = (text: string) => [{ path: 's.yaml', text }];
const diff = (base: string, head: string) => analyzeDiff(files(base), files(head));
const controllerPair = (r: DiffReport, dst = API): ExplainedPair | undefined => r.pairs.find((p) => p.src.type === 'ingress-controller' && peerId(p.dst) === dst);
const line = (p: ExplainedPair | undefined, which: 'base' | 'head' | 'opened' | 'closed') => (p ? pairConns(p, which)?.toText() : undefined);
const why = (reasons: ExplainedPair['whyOpened']) => reasons.map((r) => `${r.kind}${'side' in r ? ` ${r.side}` : ''}${'rule' in r ? ` rule ${r.rule}` : ''}${'ingress' in r ? ` ${r.ingress}` : ''}`).sort();

describe('the ingress controller toward an abstract destination, by port name, in diff', () => {
  it('a rule over every pod that starts naming the Service target port opens the controller on TCP http', () => {
    const r = diff(shop('{port: 9999}'), shop('{port: http}'));
    const p = controllerPair(r);
    expect(line(p, 'opened')).toBe('TCP http (unless numbered 9999)');
    expect(line(p, 'closed')).toBeUndefined();
    expect(fails(r.counts, 'opened')).toBe(true);
    // why: the rule naming the port, and the same rule in base (edited); the Ingress it comes through.
    expect(why(p!.whyOpened)).toEqual(['allowed-by-rule head rule 2', 'ingress-backend head shop/api', 'rule-differs base rule 2']);
    const json = diffJsonObject(r) as { pairs: { src: { id: string }; dst: { id: string }; opened: unknown; head: unknown }[] };
    const j = json.pairs.find((x) => x.src.id === CONTROLLER && x.dst.id === API)!;
    expect(j.opened).toEqual({ conditionalNamedPorts: [{ protocol: 'TCP', name: 'http', numbers: [[1, 9998], [10000, 65535]] }] });
    expect(j.head).toEqual({ namedPorts: { TCP: ['http'] } });
    // The controller reached the pods' `http` before if numbered 9999 (the rule's number): its line says what is new.
    // One rule, one line: its subject named once (abstract-groups.ts abstractRuleLines).
    expect(diffText(r)).toContain(`${API} now admits entire-cluster on TCP http and ${CONTROLLER} on TCP http (unless numbered 9999), s.yaml:17\n`);
    expect(renderDiffMarkdown(r)).toContain(CONTROLLER);
    expect(r.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited NetworkPolicy/shop/api']);
  });

  it('removing the name closes it, explained by the base rule', () => {
    const r = diff(shop('{port: http}'), shop('{port: 9999}'));
    const p = controllerPair(r);
    expect(line(p, 'closed')).toBe('TCP http (unless numbered 9999)');
    expect(line(p, 'opened')).toBeUndefined();
    expect(why(p!.whyClosed)).toEqual(['allowed-by-rule base rule 2', 'ingress-backend base shop/api', 'rule-differs head rule 2']);
  });

  it('a Service now targeting the port by name opens what the rule admitted by name: told by the Ingress backend alone, not by the unchanged rule', () => {
    const r = diff(shop('{port: http}', '8443'), shop('{port: http}', 'http'));
    const p = controllerPair(r);
    // base: the route led to 8443 only, which the port called http may carry; head: to that port whatever its number.
    expect(line(p, 'base')).toBe('TCP http (if numbered 8443)');
    expect(line(p, 'opened')).toBe('TCP http (unless numbered 8443)');
    expect(p!.namedSets!.base.forName('http').toText()).toBe('TCP 8443');
    expect(why(p!.whyOpened)).toEqual(['ingress-backend head shop/api']);
    expect(r.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited Service/shop/api']);
  });

  it('a numbered target port meets a rule that names the port: open only if so numbered, still said by name', () => {
    const r = diff(shop('{port: 9999}', '8443'), shop('{port: http}', '8443'));
    const p = controllerPair(r);
    expect(line(p, 'opened')).toBe('TCP http (if numbered 8443)');
    expect(p!.namedSets!.opened.forName('http').toText()).toBe('TCP 8443');
    expect(why(p!.whyOpened)).toEqual(['allowed-by-rule head rule 2', 'ingress-backend head shop/api', 'rule-differs base rule 2']);
  });

  it('a rule that does not admit every pod does not admit the controller', () => {
    const only = (ports: string) => shop('{port: 9999}').replace('  - from: [{namespaceSelector: {}}]\n    ports: [{port: 9999}]', `  - from: [{namespaceSelector: {matchLabels: {team: edge}}}]\n    ports: [${ports}]`);
    const r = diff(only('{port: 9999}'), only('{port: http}'));
    expect(controllerPair(r)).toBeUndefined();
  });

  it('numbers only (no name anywhere): the controller pair is the numeric one, as before', () => {
    const r = diff(shop('{port: 9999}', '8443'), shop('{port: 8443}', '8443'));
    const p = controllerPair(r);
    expect(line(p, 'opened')).toBe('TCP 8443');
    expect(p!.namedPorts).toBeUndefined();
  });

  it('agrees with explain --from {ingress-controller} --port http on each side', () => {
    for (const [text, verdict, set] of [
      [shop('{port: 9999}', '8443'), 'denied', 'No Connections'],
      [shop('{port: 9999}'), 'partly', 'TCP 9999'],
      [shop('{port: http}'), 'allowed', 'TCP 1-65535'],
      [shop('{port: http}', '8443'), 'partly', 'TCP 8443'],
    ] as const) {
      const p = controllerPair(diff(shop('{port: 1}', '1'), text));
      const e = answered(explainFiles(files(text), { from: CONTROLLER, to: API, ports: ['http'] }));
      expect(explanation(e.answer).verdict).toBe(verdict);
      expect(p?.namedSets?.head.forName('http').toText() ?? 'No Connections').toBe(set);
    }
  });
});

describe('cluster-wide tiers decide the name for the controller too', () => {
  const anp = (action: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: edge}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {app: api}}}}
  ingress:
  - name: web
    action: ${action}
    from: [{namespaces: {}}]
    ports: [{namedPort: http}]
`;
  it('an Admin Allow of namedPort http over every namespace opens it (told by the tier rule); a Deny closes it', () => {
    const opened = diff(shop('{port: 9999}'), shop('{port: 9999}') + anp('Allow'));
    const p = controllerPair(opened);
    expect(line(p, 'opened')).toBe('TCP http (unless numbered 9999)');
    expect(why(p!.whyOpened)).toContain('tier-rule head rule 0');
    const closed = diff(shop('{port: http}'), shop('{port: http}') + anp('Deny'));
    const q = controllerPair(closed);
    expect(line(q, 'closed')).toBe('TCP http');
    expect(why(q!.whyClosed)).toContain('tier-rule head rule 0');
  });
});

describe('the ingress controller toward an abstract destination, by number', () => {
  it('a Service now targeting another number opens it there: told by the Ingress backend', () => {
    const r = diff(shop('{port: 8443}', '8080'), shop('{port: 8443}', '8443'));
    const p = controllerPair(r);
    expect(line(p, 'opened')).toBe('TCP 8443');
    expect(why(p!.whyOpened)).toContain('ingress-backend head shop/api');
  });
});
