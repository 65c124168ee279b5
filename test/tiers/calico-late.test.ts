/**
 * Calico's default tier after the Kubernetes NetworkPolicies (order ≥ 1000, or none): Kubernetes
 * NetworkPolicies are default-tier policies of order 1000 that only allow, so a Calico rule ordered after
 * them sees only what their allow-lists leave; there Allow, Deny and Pass decide in order, and what nothing
 * matches meets the tier's end-of-tier deny (Calico Tier, "How policy is evaluated"). Each case fails where
 * such a Deny is read as repeating the end-of-tier deny or a Pass as an Allow.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { main } from '../../src/cli/main.js';
import { diffText } from '../../src/report/diff-text.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';
import { tempFolderSync } from '../helpers/git.js';
import { WORLD, calicoNetworkPolicy, calicoTier, globalNetworkPolicy, networkPolicy, toward } from '../helpers/tier-world.js';

const cnp = calicoNetworkPolicy;
const gnp = (name: string, spec: string) => globalNetworkPolicy(name, spec);
const k8s = networkPolicy;
const to = toward;
const run = (...docs: string[]) => analyzeYaml([WORLD, ...docs].join('---\n'));
const warnings = (a: ReturnType<typeof run>) => [...a.loaded.diagnostics, ...a.connectivity.diagnostics].filter((d) => d.code === 'UNSUPPORTED_FIELD');

/** data/db: ingress from namespace other denied after the Kubernetes NetworkPolicies, then every other source allowed. */
const DENY_OTHER_THEN_ALLOW = cnp('late', 'data', `  order: 2000
  selector: all()
  ingress:
    - action: Deny
      source: {namespaceSelector: projectcalico.org/name == 'other'}
    - action: Allow
`);
const ALLOW_OTHER_API = k8s('allow-api', 'data', `  podSelector: {}
  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}]}]
`);

/** A default-tier GlobalNetworkPolicy of `order` passing db's ingress from web on; `more`: rule lines after it. */
const passWebToDb = (order: number, more = '') => gnp('pass-web', `  order: ${order}
  selector: app == 'db'
  ingress:
    - action: Pass
      source: {selector: app == 'web'}
${more}`);

/** Tier platform's policy denying db's ingress from web. */
const PLATFORM_DENIES_WEB = gnp('platform.db', `  tier: platform
  selector: app == 'db'
  ingress:
    - action: Deny
      source: {selector: app == 'web'}
`);

/** The diff's text of one file `m.yaml`, WORLD then `base`'s documents, against WORLD then `head`'s. */
const diffOf = (base: string[], head: string[]) => diffText(analyzeDiff([{ path: 'm.yaml', text: [WORLD, ...base].join('---\n') }], [{ path: 'm.yaml', text: [WORLD, ...head].join('---\n') }]));

/** The late policy before an edit: an Allow of everything, ordered after the NetworkPolicies. */
const LATE_ALLOW_ALL = cnp('late', 'data', `  order: 2000
  selector: all()
  ingress:
    - action: Allow
`);

describe('the default tier after the Kubernetes NetworkPolicies', () => {
  it('a Deny followed by an Allow: what a Kubernetes NetworkPolicy allows stays allowed, the Deny takes the rest it matches, the Allow what is left', () => {
    const a = run(DENY_OTHER_THEN_ALLOW, ALLOW_OTHER_API);
    expect(to(lines(a), 'data/db')).toEqual([
      'other/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/web[Deployment] => data/db[Deployment] : All Connections',
    ]);
    expect(warnings(a)).toEqual([]);
  });

  it('a policy without order is evaluated last, after every ordered one', () => {
    const a = run(
      cnp('last', 'data', `  selector: all()
  ingress:
    - action: Allow
`),
      cnp('deny-shop', 'data', `  order: 5000
  selector: all()
  ingress:
    - action: Deny
      source: {namespaceSelector: projectcalico.org/name == 'shop'}
`),
    );
    expect(to(lines(a), 'data/db')).toEqual(['other/api[Deployment] => data/db[Deployment] : All Connections', 'other/client[Deployment] => data/db[Deployment] : All Connections']);
  });

  it('a Pass hands what the NetworkPolicies leave to the tiers after the default tier, whose end-of-tier deny then applies', () => {
    const a = run(
      calicoTier('platform', 2000000),
      passWebToDb(1500),
      gnp('platform.db', `  tier: platform
  selector: app == 'db'
  ingress:
    - action: Allow
      protocol: TCP
      destination: {ports: [5432]}
`),
      ALLOW_OTHER_API,
    );
    // web: passed on, TCP 5432 only; the api pods: the Kubernetes NetworkPolicy allows them first; the rest: the default tier's end.
    expect(to(lines(a), 'data/db')).toEqual([
      'other/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/web[Deployment] => data/db[Deployment] : TCP 5432',
    ]);
    expect(warnings(a)).toEqual([]);
  });

  it("an Allow-only policy of another namespace keeps its place in the NetworkPolicies' allow-list (a Deny of namespace data cannot come before it)", () => {
    const a = run(
      DENY_OTHER_THEN_ALLOW,
      cnp('api-in', 'shop', `  order: 3000
  selector: app == 'api'
  ingress:
    - action: Allow
      source: {selector: app == 'web'}
`),
    );
    expect(to(lines(a), 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : All Connections']);
    expect(a.connectivity.cluster.clusterPolicies?.filter((p) => p.tier === 'NetworkPolicy').map((p) => p.id)).toEqual(['CalicoNetworkPolicy/data/late']);
  });
});

describe('explanations of the rules after the Kubernetes NetworkPolicies', () => {
  const folder = tempFolderSync({ 'ns.yaml': WORLD, 'calico.yaml': DENY_OTHER_THEN_ALLOW, 'np.yaml': ALLOW_OTHER_API }, 'reachdiff-calico-late-');

  it('explain names the Deny that decided, at its line, and the NetworkPolicy that allows first', async () => {
    const denied = await main(['explain', folder, '--from', 'other/client', '--to', 'data/db', '--port', '80/TCP']);
    expect(denied.stdout).toContain('DENIED');
    expect(denied.stdout).toContain('ingress of data/db[Deployment]: denies it (Calico tier default (order 1000000): Calico NetworkPolicy data/late ingress rule 1, calico.yaml:8)');
    const allowed = await main(['explain', folder, '--from', 'other/api', '--to', 'data/db', '--port', '80/TCP']);
    expect(allowed.stdout).toContain('ALLOWED');
    expect(allowed.stdout).toContain('allowed by NetworkPolicy data/allow-api ingress rule 1 (np.yaml:6): TCP 80');
  });

  it('explain says a Pass after the NetworkPolicies hands it past the end of its tier', async () => {
    const pass = gnp('pass-out', `  selector: all()
  types: [Egress]
  egress:
    - action: Pass
`);
    const out = await main(['explain', tempFolderSync({ 'ns.yaml': WORLD, 'calico.yaml': pass }, 'reachdiff-calico-late-'), '--from', 'shop/web', '--to', 'data/db', '--port', '80/TCP']);
    expect(out.stdout).toContain('egress of shop/web[Deployment]: Calico GlobalNetworkPolicy pass-out egress rule 1 (calico.yaml:8) passes it on, past the end of its tier, and no tier after it decides it (default: allow), so it allows it');
  });

  it("diff: a Deny written ahead of an Allow closes what it matches, and why cites the Deny's line", () => {
    const before = LATE_ALLOW_ALL;
    const text = diffOf([before, ALLOW_OTHER_API], [DENY_OTHER_THEN_ALLOW, ALLOW_OTHER_API]);
    const at = [WORLD, ''].join('---\n').split('\n').length - 1 + DENY_OTHER_THEN_ALLOW.split('\n').findIndex((l) => l.includes('action: Deny')) + 1;
    expect(text).toContain('Closed (1):\n  other/client[Deployment] => data/db[Deployment] : All Connections');
    expect(text).toContain(`why: denied by Calico NetworkPolicy data/late ingress rule 1 (Calico tier default (order 1000000), policy order 2000, m.yaml:${at})`);
    // The policy is the one the paths cite, not a policy "added" beside them.
    expect(text).not.toContain('Changed, no path changes');
    // Rule 1 is the Deny now (the Allow moved down): one reason, not "no longer allows it" beside "denied by" it.
    expect(text).not.toContain('no longer allows it');
  });

  it('diff: a Pass written ahead of an Allow, to the end of the tier, gives the Pass as why, not the rule it took the place of', () => {
    const before = LATE_ALLOW_ALL;
    const after = cnp('late', 'data', `  order: 2000
  selector: all()
  ingress:
    - action: Pass
      source: {namespaceSelector: projectcalico.org/name == 'other'}
    - action: Allow
`);
    const platform = `${calicoTier('platform', 2000000)}---
${gnp('platform.db', `  tier: platform
  selector: app == 'db'
  ingress:
    - action: Deny
      source: {namespaceSelector: projectcalico.org/name == 'other'}
`)}`;
    const text = diffOf([platform, before, ALLOW_OTHER_API], [platform, after, ALLOW_OTHER_API]);
    expect(text).toContain('Closed (1):\n  other/client[Deployment] => data/db[Deployment] : All Connections');
    expect(text).toMatch(/why: passed to the next tier by Calico NetworkPolicy data\/late ingress rule 1 \(/);
    expect(text).not.toContain('no longer allows it');
  });

  it('diff: a Deny of what a Kubernetes NetworkPolicy allows closes nothing, and says the NetworkPolicy tier decides it first', () => {
    const before = LATE_ALLOW_ALL;
    const after = cnp('late', 'data', `  order: 2000
  selector: all()
  ingress:
    - action: Deny
      source: {selector: app == 'api', namespaceSelector: projectcalico.org/name == 'other'}
    - action: Allow
`);
    const text = diffOf([before, ALLOW_OTHER_API], [after, ALLOW_OTHER_API]);
    expect(text).toContain('No change in allowed connectivity');
    expect(text).toMatch(/ingress rule 1 now denies other\/\[pod with \{app=api\}\] on any port \(m\.yaml:\d+\): no path closes: the NetworkPolicy tier decides it first/);
  });
});

describe('a Pass of the default tier before order 1000, past a Kubernetes NetworkPolicy', () => {
  it('meets the later tier in every output alike: the list, and explain', async () => {
    const docs = [
      calicoTier('platform', 2000000),
      passWebToDb(100),
      PLATFORM_DENIES_WEB,
      k8s('allow-all-in', 'data', `  podSelector: {}
  ingress: [{}]
`),
    ];
    // The Kubernetes NetworkPolicy allows every source; the Pass took web's traffic past it, to the Deny.
    expect(to(lines(run(...docs)), 'data/db')).toEqual(['other/api[Deployment] => data/db[Deployment] : All Connections', 'other/client[Deployment] => data/db[Deployment] : All Connections', 'shop/api[Deployment] => data/db[Deployment] : All Connections']);
    const folder = tempFolderSync({ 'ns.yaml': WORLD, 'calico.yaml': docs.join('---\n') }, 'reachdiff-calico-late-');
    const out = await main(['explain', folder, '--from', 'shop/web', '--to', 'data/db', '--port', '80/TCP']);
    expect(out.stdout).toContain('on TCP 80: DENIED');
  });
});

describe('explain: a Pass of the default tier before order 1000 takes traffic past the NetworkPolicies, which never see it', () => {
  const docs = (pass: string) => [
    calicoTier('platform', 2000000),
    passWebToDb(100, pass),
    PLATFORM_DENIES_WEB,
    k8s('allow-all-in', 'data', `  podSelector: {}
  ingress: [{}]
`),
  ].join('---\n');
  const explain = (pass: string, ...port: string[]) => main(['explain', tempFolderSync({ 'ns.yaml': WORLD, 'calico.yaml': docs(pass) }, 'reachdiff-calico-pass-'), '--from', 'shop/web', '--to', 'data/db', ...port]);

  it('cites no NetworkPolicy rule as allowing what the Pass took past them, and says no NetworkPolicy sees it', async () => {
    const out = (await explain('', '--port', '80/TCP')).stdout;
    expect(out).toContain('on TCP 80: DENIED');
    expect(out).not.toContain('allowed by NetworkPolicy data/allow-all-in');
    expect(out).not.toContain('decides first');
    expect(out).toContain('TCP 80 is denied in Calico tier platform (order 2000000), evaluated after the NetworkPolicies, but Calico GlobalNetworkPolicy pass-web ingress rule 1 took it past them, so no NetworkPolicy sees it;');
  });

  it('a Pass of some ports: the NetworkPolicy is cited for the ports it sees only', async () => {
    const out = (await explain(`      protocol: TCP
      destination: {ports: [80]}
`, '--port', '80-81/TCP')).stdout;
    expect(out).toMatch(/allowed by NetworkPolicy data\/allow-all-in ingress rule 1 \(calico\.yaml:\d+\): TCP 81\n/);
    expect(out).toContain('TCP 80 is denied in Calico tier platform (order 2000000), evaluated after the NetworkPolicies, but Calico GlobalNetworkPolicy pass-web ingress rule 1 took it past them');
  });
});

describe('explain toward addresses that two Pass rules cut apart: what every part passed is not the NetworkPolicies\'', () => {
  // web's egress: a Kubernetes NetworkPolicy allows everything; two early default-tier Pass rules take
  // 10.0.0.0/9 and 10.128.0.0/9 past it (nothing after them denies: the profiles allow).
  const docs = [
    gnp('pass-out', `  order: 100
  selector: app == 'web'
  egress:
    - action: Pass
      destination: {nets: [10.0.0.0/9]}
    - action: Pass
      destination: {nets: [10.128.0.0/9]}
`),
    k8s('allow-all-out', 'shop', `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{}]
`),
  ].join('---\n');
  const allowing = async (to: string) => {
    const out = await main(['explain', tempFolderSync({ 'ns.yaml': WORLD, 'calico.yaml': docs }, 'reachdiff-calico-parts-'), '--from', 'shop/web', '--to', to, '--port', '443/TCP', '--format', 'json']);
    const read = JSON.parse(out.stdout) as { explain: { verdict: string; directions: { direction: string; allowing: { policy: string }[] }[] } };
    expect(read.explain.verdict).toBe('allowed');
    return read.explain.directions.find((d) => d.direction === 'egress')!.allowing.map((r) => r.policy);
  };

  it('every address passed by one rule or the other: no NetworkPolicy rule is cited as allowing', async () => {
    expect(await allowing('10.0.0.0/8')).toEqual([]);
  });

  it('addresses no Pass matches meet the NetworkPolicy, which is cited for them', async () => {
    expect(await allowing('10.0.0.0-11.255.255.255')).toEqual(['shop/allow-all-out']);
  });

  const text = async (to: string) => (await main(['explain', tempFolderSync({ 'ns.yaml': WORLD, 'calico.yaml': docs }, 'reachdiff-calico-parts-'), '--from', 'shop/web', '--to', to, '--port', '443/TCP'])).stdout;

  it('two Pass rules pass it on, in the plural', async () => {
    expect(await text('10.0.0.0/8')).toMatch(/egress rule 1 \(calico\.yaml:\d+\) and Calico GlobalNetworkPolicy pass-out egress rule 2 \(calico\.yaml:\d+\) pass it on, past the NetworkPolicies of their tier, and no tier after them decides it \(default: allow\)/);
  });

  it("the verdict line tells the addresses no Pass matches too: the NetworkPolicy tier's, passed on by no Pass", async () => {
    const out = await text('10.0.0.0-11.255.255.255');
    // Each part with its addresses, each Pass with the addresses it matched (engine/explain-pair.ts storyByParts).
    expect(out).toContain('egress of shop/web[Deployment]: allows it (NetworkPolicy tier allows TCP 443 to 11.0.0.0/8; default (allow) allows TCP 443 to 10.0.0.0/8, passed on by Calico GlobalNetworkPolicy pass-out egress rule 1, calico.yaml:8 for 10.0.0.0/9 and Calico GlobalNetworkPolicy pass-out egress rule 2, calico.yaml:10 for 10.128.0.0/9)');
    expect(out).toMatch(/allowed by NetworkPolicy shop\/allow-all-out egress rule 1 \(calico\.yaml:\d+\): TCP 443/);
  });
});

describe("diff's why: a NetworkPolicy rule is cited only for ports that reach it", () => {
  // db's ingress from web: a default-tier Pass before order 1000 takes TCP 80 past the NetworkPolicies (the profiles
  // then allow it); allow-80 allows TCP 80 (which it never sees), allow-81 TCP 81. Head adds tier security's Deny, ahead
  // of them all, which closes both ports: base's allowing side is the Pass (80) and allow-81 (81), never allow-80.
  const allowPort = (name: string, port: number) => k8s(name, 'data', `  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}], ports: [{port: ${port}}]}]
`);
  const pass80 = passWebToDb(100).replace("source: {selector: app == 'web'}", "protocol: TCP\n      source: {selector: app == 'web'}\n      destination: {ports: [80]}");
  const deny = `${calicoTier('security', 100)}---
${gnp('security.db', `  tier: security
  selector: app == 'db'
  ingress:
    - action: Deny
      source: {selector: app == 'web'}
`)}`;

  it('the rule allowing only the passed port is not cited', () => {
    const text = diffOf([pass80, allowPort('allow-80', 80), allowPort('allow-81', 81)], [deny, pass80, allowPort('allow-80', 80), allowPort('allow-81', 81)]);
    const closed = text.slice(text.indexOf('Closed (1):'));
    expect(closed).toContain('shop/web[Deployment] => data/db[Deployment] : TCP 80-81');
    expect(closed).toContain('why: was allowed by NetworkPolicy data/allow-81 ingress rule 1');
    expect(closed).toContain('why: in base, passed to the next tier by Calico GlobalNetworkPolicy pass-web ingress rule 1');
    expect(closed).not.toContain('data/allow-80');
  });
});

describe("the headline of a rule something decides before: what the change closes, not the rule's whole reach", () => {
  const headlineOf = (text: string) => text.split('\n').find((l) => l.startsWith('Closes ')) ?? text;
  it('a late Deny of namespace other, where a Kubernetes NetworkPolicy keeps other/api allowed, closes other/client only', () => {
    const text = diffOf([LATE_ALLOW_ALL, ALLOW_OTHER_API], [DENY_OTHER_THEN_ALLOW, ALLOW_OTHER_API]);
    const headline = headlineOf(text);
    // Told by its pairs: every pod of other but those with app=api (which the NetworkPolicy allows first), to data.
    // The late Deny's line cited, as a closing's lines are (report/headline.ts).
    expect(headline).toMatch(/^Closes .*other\/\[pod with \{app=api\}\].*\(other\/client today\) => data\/\[all pods\] \(data\/db today\) on any port \(1 rule, m\.yaml:\d+\)\.$/);
    expect(headline).not.toContain('to other/[all pods]');
  });

  it('a Baseline Deny of every pod, where a NetworkPolicy isolates some of the pods it names, is told by its pairs', () => {
    const banp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
    - action: Deny
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}]
`;
    // shop/api's ingress is isolated by a NetworkPolicy allowing other's pods: the Baseline Deny never sees it.
    const shopApi = k8s('api-in', 'shop', `  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{namespaceSelector: {}}]}]
`);
    const text = diffOf([shopApi], [banp, shopApi]);
    const headline = headlineOf(text);
    expect(headline).not.toContain('BaselineAdminNetworkPolicy default');
    expect(headline).not.toContain('[all namespaces]/[all pods] to other/[all pods]');
    expect(text).toContain('why: denied by BaselineAdminNetworkPolicy default ingress rule 1');
    expect(text).not.toMatch(/other\/client\[Deployment\] => shop\/api\[Deployment\]/);
  });

  it('an AdminNetworkPolicy Deny after an Allow of the same peers is told by its pairs; alone, in its own terms', () => {
    const anp = (allowFirst: boolean) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: data}}}
  ingress:
${allowFirst ? `    - action: Allow
      from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}]
` : ''}    - action: Deny
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}]
`;
    const after = headlineOf(diffOf([], [anp(true)]));
    expect(after).not.toContain('AdminNetworkPolicy guard');
    expect(after).toMatch(/^Closes other\/client => data\/db /);
    const alone = headlineOf(diffOf([], [anp(false)]));
    expect(alone).toMatch(/^Closes .*to other\/\[all pods\] on any port \(AdminNetworkPolicy guard ingress rule 1, m\.yaml:\d+\)\.$/);
  });
});
