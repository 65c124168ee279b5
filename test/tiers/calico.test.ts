/**
 * Calico NetworkPolicy and GlobalNetworkPolicy (projectcalico.org/v3) through the one tiered evaluator
 * (docs/calico.md): ordered rules, the default tier shared with Kubernetes NetworkPolicies at order 1000,
 * tiers with their end-of-tier deny, Pass to the next tier, selectors in Calico's language.
 * Hand-written fixtures; each case fails with Calico's kinds unmodelled (nothing isolates, nothing denies).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';
import { WORLD, calicoNetworkPolicy, calicoTier, globalNetworkPolicy, networkPolicy, toward } from '../helpers/tier-world.js';

const np = calicoNetworkPolicy;
const gnp = (name: string, spec: string) => globalNetworkPolicy(name, spec, 'crd.projectcalico.org/v1');
const tier = calicoTier;
const k8s = networkPolicy;
const to = toward;
const run = (...docs: string[]) => analyzeYaml([WORLD, ...docs].join('---\n'));
/** Line of `text` in the file `run` analyses, the policy being the `k`-th document after WORLD (0-based). */
const lineOf = (docs: string[], k: number, text: string) => `${WORLD}---\n${docs.slice(0, k).map((d) => `${d}---\n`).join('')}`.split('\n').length - 1 + docs[k].split('\n').findIndex((l) => l.includes(text)) + 1;

describe('Calico policies in the default tier', () => {
  it('a policy selects pods of its namespace by a Calico selector and isolates them; Allow rules add', () => {
    const a = run(np('api-in', 'shop', `  selector: app == 'api'
  ingress:
    - action: Allow
      protocol: TCP
      source: {selector: app == 'web'}
      destination: {ports: [443, '8000:8001']}
`));
    expect(to(lines(a), 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : TCP 443,8000-8001']);
    // other/api has the same labels but another namespace: open.
    expect(to(lines(a), 'other/api')).toContain('shop/web[Deployment] => other/api[Deployment] : All Connections');
  });

  it('rules in order, the first match decides: a Deny before an Allow wins over it, and over a Kubernetes NetworkPolicy (order < 1000)', () => {
    const a = run(
      np('db', 'data', `  order: 100
  selector: all()
  ingress:
    - action: Deny
      source: {namespaceSelector: projectcalico.org/name == 'other'}
    - action: Allow
      source: {namespaceSelector: all()}
`),
      k8s('allow-client', 'data', `  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}}]}]
`),
    );
    expect(to(lines(a), 'data/db')).toEqual(['shop/api[Deployment] => data/db[Deployment] : All Connections', 'shop/web[Deployment] => data/db[Deployment] : All Connections']);
  });

  it('after order 1000, Allow rules join the NetworkPolicies of the pod; a trailing Deny changes nothing', () => {
    const a = run(
      np('late', 'data', `  order: 2000
  selector: all()
  ingress:
    - action: Allow
      source: {selector: app == 'client', namespaceSelector: has(kubernetes.io/metadata.name)}
      protocol: UDP
    - action: Deny
`),
      k8s('allow-api', 'data', `  podSelector: {}
  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}]}]
`),
    );
    expect(to(lines(a), 'data/db')).toEqual([
      'other/api[Deployment] => data/db[Deployment] : All Connections',
      'other/client[Deployment] => data/db[Deployment] : UDP 1-65535',
      'shop/api[Deployment] => data/db[Deployment] : All Connections',
    ]);
    expect([...a.loaded.diagnostics, ...a.connectivity.diagnostics].filter((d) => d.code === 'UNSUPPORTED_FIELD')).toEqual([]);
  });

  it('types default: Ingress when there are no egress rules; a policy with only egress rules isolates egress only', () => {
    const a = run(np('out', 'shop', `  selector: app == 'web'
  egress:
    - action: Allow
      destination: {selector: app == 'api'}
`));
    const l = lines(a);
    expect(l.filter((x) => x.startsWith('shop/web')).sort()).toEqual(['shop/web[Deployment] => shop/api[Deployment] : All Connections']);
    expect(to(l, 'shop/web')).toContain('shop/api[Deployment] => shop/web[Deployment] : All Connections');
  });

  it('a GlobalNetworkPolicy selects in every namespace; projectcalico.org/namespace names one; notSelector matches all but', () => {
    const a = run(gnp('db-in', `  selector: app == 'db' && projectcalico.org/namespace == 'data'
  types: [Ingress]
  ingress:
    - action: Allow
      source: {notSelector: app == 'web'}
`));
    expect(to(lines(a), 'data/db')).toEqual([
      'other/api[Deployment] => data/db[Deployment] : All Connections',
      'other/client[Deployment] => data/db[Deployment] : All Connections',
      'shop/api[Deployment] => data/db[Deployment] : All Connections',
    ]);
  });

  it('|| in a selector: either side selects', () => {
    const a = run(gnp('p', `  selector: app == 'db' || (app == 'api' && projectcalico.org/namespace == 'other')
  ingress:
    - action: Allow
      source: {selector: app == 'web' || app == 'client'}
`));
    expect(to(lines(a), 'data/db')).toEqual(['other/client[Deployment] => data/db[Deployment] : All Connections', 'shop/web[Deployment] => data/db[Deployment] : All Connections']);
    expect(to(lines(a), 'other/api')).toEqual(['other/client[Deployment] => other/api[Deployment] : All Connections', 'shop/web[Deployment] => other/api[Deployment] : All Connections']);
  });
});

describe('more of the default tier', () => {
  it('a GlobalNetworkPolicy after order 1000 isolates and allows in every namespace its selector reaches', () => {
    const a = run(gnp('db-in', `  order: 2000
  selector: app == 'db' || app == 'web'
  ingress:
    - action: Log
    - action: Allow
      source: {selector: app == 'api'}
`));
    expect(to(lines(a), 'data/db')).toEqual(['other/api[Deployment] => data/db[Deployment] : All Connections', 'shop/api[Deployment] => data/db[Deployment] : All Connections']);
    expect(to(lines(a), 'shop/web')).toEqual(['other/api[Deployment] => shop/web[Deployment] : All Connections', 'shop/api[Deployment] => shop/web[Deployment] : All Connections']);
  });

  it("a rule's own-side selector (destination of an ingress rule) narrows the pods it applies to, its number kept", () => {
    const a = run(np('shop-in', 'shop', `  selector: all()
  ingress:
    - action: Allow
      source: {selector: app == 'web'}
      destination: {selector: app == 'api'}
    - action: Allow
      source: {namespaceSelector: projectcalico.org/name == 'other'}
`));
    expect(to(lines(a), 'shop/api')).toEqual(['other/api[Deployment] => shop/api[Deployment] : All Connections', 'other/client[Deployment] => shop/api[Deployment] : All Connections', 'shop/web[Deployment] => shop/api[Deployment] : All Connections']);
    expect(to(lines(a), 'shop/web')).toEqual(['other/api[Deployment] => shop/web[Deployment] : All Connections', 'other/client[Deployment] => shop/web[Deployment] : All Connections']);
    const policy = (app: string) => np('shop-in', 'shop', `  selector: all()
  ingress:
    - action: Log
    - action: Allow
      source: {selector: app == '${app}'}
      destination: {selector: app == 'api'}
`);
    const why = diffText(analyzeDiff([{ path: 'm.yaml', text: [WORLD, policy('client')].join('---\n') }], [{ path: 'm.yaml', text: [WORLD, policy('web')].join('---\n') }]));
    expect(why).toContain('Opened (1):\n  shop/web[Deployment] => shop/api[Deployment] : All Connections');
    expect(why).toContain('allowed by Calico NetworkPolicy shop/shop-in ingress rule 2 (m.yaml:');
    // The narrowed rule's part adds its rule without isolating again: the policy isolates once, said once.
    const closing = diffText(analyzeDiff([{ path: 'm.yaml', text: WORLD }], [{ path: 'm.yaml', text: [WORLD, policy('web')].join('---\n') }])).split('\n');
    const reasons = closing.filter((l) => /Calico NetworkPolicy shop\/shop-in \(m\.yaml:\d+\) isolates ingress/.test(l));
    expect(reasons.length).toBeGreaterThan(0);
    for (let i = 1; i < closing.length; i++) if (closing[i].includes('isolates ingress')) expect(closing[i]).not.toBe(closing[i - 1]);
  });
});

describe('Calico tiers', () => {
  it('Pass skips to the next tier; a tier that selects the pod and decides nothing denies (end-of-tier)', () => {
    const docs = [
      tier('security', 100),
      gnp('security.db', `  tier: security
  order: 1
  selector: app == 'db'
  ingress:
    - action: Deny
      source: {selector: app == 'client'}
    - action: Pass
      source: {namespaceSelector: projectcalico.org/name == 'shop'}
`),
      np('allow-web', 'data', `  selector: all()
  ingress:
    - action: Allow
      source: {selector: app == 'web', namespaceSelector: all()}
`),
    ];
    const a = run(...docs);
    // client: denied in security; shop's pods passed to the default tier, where only web is allowed; other/api: end of security.
    expect(to(lines(a), 'data/db')).toEqual(['shop/web[Deployment] => data/db[Deployment] : All Connections']);
    const why = diffText(analyzeDiff([{ path: 'm.yaml', text: WORLD }], [{ path: 'm.yaml', text: [WORLD, ...docs].join('---\n') }]));
    // The tier as its Tier object names it (name and order), never the engine's "Admin tier".
    expect(why).toContain('denied by Calico GlobalNetworkPolicy security.db ingress rule 1 (Calico tier security (order 100), policy order 1, m.yaml:');
    expect(why).toContain('denied at the end of Calico tier security (order 100): Calico GlobalNetworkPolicy security.db selects the pod');
    expect(why).not.toContain('Admin tier');
  });

  it('a tier with defaultAction Pass lets what it does not decide through', () => {
    const a = run(tier('open', 100, ', defaultAction: Pass'), gnp('open.db', `  tier: open
  selector: app == 'db'
  ingress:
    - action: Deny
      source: {selector: app == 'client'}
`));
    expect(to(lines(a), 'data/db')).toEqual([
      'other/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/web[Deployment] => data/db[Deployment] : All Connections',
    ]);
  });
});

describe('Calico changes in a diff', () => {
  it('a Calico rule change is reported opened with its line (was "No change" while unmodelled)', () => {
    const policy = (port: number) => np('api-in', 'shop', `  selector: app == 'api'
  ingress:
    - action: Allow
      protocol: TCP
      source: {selector: app == 'web'}
      destination: {ports: [${port}]}
`);
    const report = analyzeDiff([{ path: 'm.yaml', text: [WORLD, policy(443)].join('---\n') }], [{ path: 'm.yaml', text: [WORLD, policy(444)].join('---\n') }]);
    expect(report.counts).toMatchObject({ opened: 1, closed: 1 });
    const text = diffText(report);
    // Said at the port the change edits, not the rule's `- action: Allow`.
    const line = lineOf([policy(444)], 0, 'destination: {ports:');
    expect(text).toContain(`allowed by Calico NetworkPolicy shop/api-in ingress rule 1 (m.yaml:${line})`);
    const json = diffJsonObject(report) as { pairs: { opened: unknown; why: { opened: { policy?: string }[] } }[] };
    const opened = json.pairs.find((p) => p.opened);
    expect(opened?.why.opened.map((r) => r.policy)).toContain('shop/api-in[CalicoNetworkPolicy]');
  });
});

describe('what manifests cannot say: warnings at the line', () => {
  it('a selector syntax error is an error at the field, and the policy is not applied', () => {
    const docs = [np('bad', 'shop', `  selector: app = 'api'\n  ingress: [{action: Deny}]\n`)];
    const a = run(...docs);
    const d = a.loaded.diagnostics.find((x) => x.code === 'BAD_SELECTOR');
    expect(d).toMatchObject({ severity: 'error', ref: { line: lineOf(docs, 0, 'selector:') } });
    expect(d?.message).toContain('at column 5');
  });

  it('ICMP, service accounts, starts with: UNSUPPORTED_FIELD / UNSUPPORTED_PEER at their lines', () => {
    const docs = [np('p', 'shop', `  selector: app starts with 'a'
  ingress:
    - action: Allow
      protocol: ICMP
    - action: Allow
      source:
        serviceAccounts: {names: [web]}
`)];
    const a = run(...docs);
    const found = a.loaded.diagnostics.filter((x) => x.code.startsWith('UNSUPPORTED')).map((x) => [x.code, x.ref.line]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['UNSUPPORTED_FIELD', lineOf(docs, 0, 'selector:')],
        ['UNSUPPORTED_FIELD', lineOf(docs, 0, 'protocol: ICMP')],
        ['UNSUPPORTED_PEER', lineOf(docs, 0, 'serviceAccounts')],
      ]),
    );
    // Read wider: has(app) selects shop/api and shop/web, isolated with nothing allowed.
    expect(to(lines(a), 'shop/api')).toEqual([]);
  });
});
