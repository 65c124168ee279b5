/**
 * Why a port name toward pods the manifests do not hold opened or closed when its set grew or shrank by
 * NUMBERS: `users-api` may reach audit pods by the name `http` (their ingress names it) and its egress
 * gains TCP 443, so a pod numbering `http` 443 becomes reachable. The cause is the egress rule on 443, not
 * the unchanged ingress rule naming `http` (which must not be told "in base ... did not allow it").
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import type { Reason } from '../../src/engine/index.js';
import { pairConns, peerId } from '../../src/engine/index.js';

type Files = { path: string; text: string }[];
const file = (path: string, text: string) => ({ path, text });
const policy = (name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: quartz}\nspec: ${JSON.stringify(spec)}\n`;
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: quartz}\n';
const USERS = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: users-api, namespace: quartz}\nspec:\n  template:\n    metadata: {labels: {app: users-api}}\n    spec: {containers: [{name: c, image: x}]}\n';
const toAudit = [{ podSelector: { matchLabels: { app: 'audit-api' } } }];
/** users-api's egress toward the audit pods (not in the manifests), on `ports`. */
const usersEgress = (ports: object[]) => policy('users-egress', { podSelector: { matchLabels: { app: 'users-api' } }, policyTypes: ['Egress'], egress: [{ to: toAudit, ports }] });
/** A second egress policy of users-api: TCP 443 toward the audit pods. */
const https = policy('https', { podSelector: { matchLabels: { app: 'users-api' } }, policyTypes: ['Egress'], egress: [{ to: toAudit, ports: [{ port: 443 }] }] });
/** The audit pods admit users-api on `ports`. */
const auditIngress = (ports: object[]) => policy('audit-in', { podSelector: { matchLabels: { app: 'audit-api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'users-api' } } }], ports }] });
const AUDIT = 'quartz/[pod with {app=audit-api}]';

function pairTo(base: Files, head: Files): ExplainedPair {
  const report = analyzeDiff(base, head);
  const pairs = report.pairs.filter((p) => peerId(p.src) === 'quartz/users-api[Deployment]' && peerId(p.dst) === AUDIT);
  expect(pairs).toHaveLength(1);
  return pairs[0];
}

const brief = (reasons: readonly Reason[]) =>
  reasons.map((r) => `${r.kind} ${'side' in r ? r.side : ''} ${'direction' in r ? r.direction : ''} ${'policy' in r ? r.policy : ''}${'rule' in r ? ` #${r.rule}` : ''}`.replace(/ +/g, ' ').trim());

describe('why a port name opened or closed by numbers', () => {
  const common = [file('ns.yaml', NS), file('users.yaml', USERS)];

  it('egress gains TCP 443 toward pods admitted by name: the egress rule on 443 is why, not the ingress rule naming http', () => {
    const base = [...common, file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', auditIngress([{ port: 'http' }]))];
    const head = [...base, file('https.yaml', https)];
    const p = pairTo(base, head);
    expect(pairConns(p, 'opened')!.toText()).toBe('TCP http (if numbered 443)');
    expect(brief(p.whyOpened)).toEqual(['allowed-by-rule head egress quartz/https #0', 'policy-absent base quartz/https']);
  });

  it('the same removed closes it: the base egress rule on 443 is why', () => {
    const head = [...common, file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', auditIngress([{ port: 'http' }]))];
    const base = [...head, file('https.yaml', https)];
    const p = pairTo(base, head);
    expect(pairConns(p, 'closed')!.toText()).toBe('TCP http (if numbered 443)');
    expect(brief(p.whyClosed)).toEqual(['allowed-by-rule base egress quartz/https #0', 'policy-absent head quartz/https']);
  });

  it('an edited egress rule gaining the number: that rule, edited, is why', () => {
    const base = [...common, file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', auditIngress([{ port: 'http' }]))];
    const head = [...common, file('e.yaml', usersEgress([{ port: 8080 }, { port: 443 }])), file('a.yaml', auditIngress([{ port: 'http' }]))];
    const p = pairTo(base, head);
    expect(pairConns(p, 'opened')!.toText()).toBe('TCP http (if numbered 443)');
    expect(brief(p.whyOpened)).toEqual(['allowed-by-rule head egress quartz/users-egress #0', 'rule-differs base egress quartz/users-egress #0']);
  });

  it('ingress gains numbers toward a name the egress gives: the edited ingress rule is why, not the egress rule naming the port', () => {
    const base = [...common, file('e.yaml', usersEgress([{ port: 'metrics' }])), file('a.yaml', auditIngress([{ port: 9000 }]))];
    const head = [...common, file('e.yaml', usersEgress([{ port: 'metrics' }])), file('a.yaml', auditIngress([{ port: 9000 }, { port: 8443 }]))];
    const p = pairTo(base, head);
    expect(pairConns(p, 'opened')!.toText()).toBe('TCP metrics (if numbered 8443)');
    expect(brief(p.whyOpened)).toEqual(['allowed-by-rule head ingress quartz/audit-in #0', 'rule-differs base ingress quartz/audit-in #0']);
  });

  it('ingress losing numbers closes the name: the base ingress rule is why', () => {
    const base = [...common, file('e.yaml', usersEgress([{ port: 'metrics' }])), file('a.yaml', auditIngress([{ port: 9000 }, { port: 8443 }]))];
    const head = [...common, file('e.yaml', usersEgress([{ port: 'metrics' }])), file('a.yaml', auditIngress([{ port: 9000 }]))];
    const p = pairTo(base, head);
    expect(pairConns(p, 'closed')!.toText()).toBe('TCP metrics (if numbered 8443)');
    expect(brief(p.whyClosed)).toEqual(['allowed-by-rule base ingress quartz/audit-in #0', 'rule-differs head ingress quartz/audit-in #0']);
  });

  it('a name added to a rule is still told by that rule (the name itself is new)', () => {
    const base = [...common, file('e.yaml', usersEgress([])), file('a.yaml', auditIngress([{ port: 8080 }]))];
    const head = [...common, file('e.yaml', usersEgress([])), file('a.yaml', auditIngress([{ port: 8080 }, { port: 'http' }]))];
    const p = pairTo(base, head);
    expect(pairConns(p, 'opened')!.toText()).toBe('TCP http');
    expect(brief(p.whyOpened)).toEqual(['allowed-by-rule head ingress quartz/audit-in #0', 'rule-differs base ingress quartz/audit-in #0']);
  });

  it('two names, one grown by numbers and one newly named: each direction tells only the names it held back', () => {
    // Rule 1 names http (unchanged); rule 2 admits 8080 and, in head, grpc.
    const audit = (second: object[]) =>
      policy('audit-in', { podSelector: { matchLabels: { app: 'audit-api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'users-api' } } }], ports: [{ port: 'http' }] }, { from: [{ podSelector: { matchLabels: { app: 'users-api' } } }], ports: second }] });
    const base = [...common, file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', audit([{ port: 8080 }]))];
    const head = [...common, file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', audit([{ port: 8080 }, { port: 'grpc' }])), file('https.yaml', https)];
    const p = pairTo(base, head);
    expect(pairConns(p, 'opened')!.toText()).toBe('TCP grpc (if numbered 443), TCP http (if numbered 443)');
    expect(brief(p.whyOpened)).toEqual(['allowed-by-rule head egress quartz/https #0', 'policy-absent base quartz/https', 'allowed-by-rule head ingress quartz/audit-in #1', 'rule-differs base ingress quartz/audit-in #1']);
  });

  it('a cluster-wide Allow on 443 in head: the tier rule is why', () => {
    const anp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: https-out}\nspec: ${JSON.stringify({
      priority: 5,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'users-api' } } } },
      egress: [{ name: 'https', action: 'Allow', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'audit-api' } } } }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] }],
    })}\n`;
    const base = [...common, file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', auditIngress([{ port: 'http' }]))];
    const head = [...base, file('anp.yaml', anp)];
    const p = pairTo(base, head);
    expect(pairConns(p, 'opened')!.toText()).toBe('TCP http (if numbered 443)');
    const why = brief(p.whyOpened);
    expect(why).toEqual(['tier-rule head egress AdminNetworkPolicy/https-out #0', 'policy-absent base AdminNetworkPolicy/https-out', 'isolated-by base egress quartz/users-egress']);
    expect(why).not.toContain('rule-differs base ingress quartz/audit-in #0');
    expect(why.some((r) => r.startsWith('allowed-by-rule head ingress'))).toBe(false);
  });
});

describe('pairs merged under the rule that opened them unite their exact sets', () => {
  it('egress to anywhere on 443: the audit pods admitting `http` are part of the entire-cluster line, which says TCP 443 and no name', () => {
    const anywhere = policy('https', { podSelector: { matchLabels: { app: 'users-api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] });
    const base = [file('ns.yaml', NS), file('users.yaml', USERS), file('e.yaml', usersEgress([{ port: 8080 }])), file('a.yaml', auditIngress([{ port: 'http' }]))];
    const report = analyzeDiff(base, [...base, file('https.yaml', anywhere)]);
    const fromUsers = report.pairs.filter((p) => peerId(p.src) === 'quartz/users-api[Deployment]' && p.dst.type === 'pods');
    expect(fromUsers.map((p) => `${peerId(p.dst)} : ${pairConns(p, 'opened')?.toText()}`)).toEqual(['entire-cluster : TCP 443']);
    expect(brief(fromUsers[0].whyOpened)).not.toContain('rule-differs base ingress quartz/audit-in #0');
  });
});

describe('a policy isolating several regions of a merged line', () => {
  it('is said once, with what it allowed any of them', () => {
    // Head adds a rule to anywhere on 443 to the policy whose first rule allows the audit pods on 8080.
    const widened = policy('users-egress', { podSelector: { matchLabels: { app: 'users-api' } }, policyTypes: ['Egress'], egress: [{ to: toAudit, ports: [{ port: 8080 }] }, { ports: [{ port: 443 }] }] });
    const common = [file('ns.yaml', NS), file('users.yaml', USERS)];
    const report = analyzeDiff([...common, file('e.yaml', usersEgress([{ port: 8080 }]))], [...common, file('e.yaml', widened)]);
    const line = report.pairs.find((p) => peerId(p.src) === 'quartz/users-api[Deployment]' && peerId(p.dst) === 'entire-cluster');
    const isolating = (line?.whyOpened ?? []).filter((r) => r.kind === 'isolated-by' && r.policy === 'quartz/users-egress');
    expect(isolating).toHaveLength(1);
    expect(isolating[0]).toMatchObject({ side: 'base', direction: 'egress', peerAllowed: 'TCP 8080' });
  });
});
