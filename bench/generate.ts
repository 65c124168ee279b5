/**
 * A deterministic generator of realistic GitOps repositories for the benchmark: a base version and a
 * head version with a pull-request-sized change. Same seed and size → byte-identical files.
 *
 * Shape (for W workloads): about W/50 team namespaces (team × env), plus kube-system, monitoring and
 * ingress-nginx; Deployments and StatefulSets with app/tier/team labels, replicas and named container
 * ports; Services for most workloads and an Ingress per namespace with frontends. Policies number about
 * W/5: per namespace a default-deny (ingress + egress), DNS egress to kube-system/kube-dns, Prometheus
 * scraping, ingress-controller access to frontends, sometimes allow-same-namespace, and per-app rules
 * naming specific apps in specific teams' namespaces (matchLabels and matchExpressions), ipBlocks with
 * excepts, numeric and named ports.
 */

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

export interface GeneratedRepo {
  readonly seed: number;
  readonly base: GeneratedFile[];
  readonly head: GeneratedFile[];
  /** What was generated for base, and what the head change did. */
  readonly stats: {
    readonly namespaces: number;
    readonly workloads: number;
    readonly policies: number;
    readonly services: number;
    readonly ingresses: number;
    readonly change: readonly string[];
  };
}

export interface GenerateOptions {
  /** Workloads (Deployments + StatefulSets) in the base version, system workloads included. */
  readonly workloads: number;
  readonly seed?: number;
}

/** mulberry32: a tiny 32-bit PRNG, good enough for test data and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Up to k distinct elements, in the order drawn. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = xs.slice();
    const out: T[] = [];
    while (out.length < k && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
}

type Tier = 'frontend' | 'backend' | 'worker' | 'db' | 'cache';

interface Port {
  readonly name: string;
  readonly port: number;
  readonly protocol?: 'UDP';
}

interface App {
  readonly ns: Ns;
  readonly name: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly tier: Tier;
  readonly replicas: number;
  readonly ports: readonly Port[];
  readonly service: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

interface Ns {
  readonly name: string;
  readonly team: string;
  readonly env: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly apps: App[];
  readonly system: boolean;
}

const WORDS = [
  'orders', 'payments', 'checkout', 'catalog', 'search', 'cart', 'users', 'auth', 'billing', 'invoices',
  'shipping', 'inventory', 'pricing', 'reviews', 'ratings', 'media', 'images', 'notify', 'email', 'sms',
  'ledger', 'reports', 'audit', 'profile', 'session', 'gateway', 'feed', 'recommend', 'ads', 'tracking',
  'quotes', 'claims', 'risk', 'fraud', 'kyc', 'loyalty', 'coupons', 'returns', 'support', 'chat',
];
const TEAMS = ['atlas', 'borealis', 'cobalt', 'delta', 'ember', 'falcon', 'granite', 'harbor', 'ion', 'juniper', 'kestrel', 'lumen', 'meridian', 'nimbus', 'onyx', 'polaris', 'quartz', 'raven', 'sierra', 'tundra'];
const ENVS = ['prod', 'staging'];
const TIER_WEIGHTS: readonly [Tier, number][] = [
  ['frontend', 0.12],
  ['backend', 0.5],
  ['worker', 0.18],
  ['db', 0.12],
  ['cache', 0.08],
];

function tierPorts(tier: Tier, rng: Rng): Port[] {
  switch (tier) {
    case 'frontend':
      return [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }];
    case 'backend':
      return rng.chance(0.4)
        ? [{ name: 'http', port: 8080 }, { name: 'grpc', port: 9000 }, { name: 'metrics', port: 9090 }]
        : [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }];
    case 'worker':
      return [{ name: 'metrics', port: 9090 }];
    case 'db':
      return rng.chance(0.7) ? [{ name: 'postgres', port: 5432 }, { name: 'metrics', port: 9187 }] : [{ name: 'mysql', port: 3306 }, { name: 'metrics', port: 9104 }];
    case 'cache':
      return [{ name: 'redis', port: 6379 }, { name: 'metrics', port: 9121 }];
  }
}

function pickTier(rng: Rng): Tier {
  let x = rng.float();
  for (const [t, w] of TIER_WEIGHTS) {
    if (x < w) return t;
    x -= w;
  }
  return 'backend';
}

// ---------------------------------------------------------------------------------------------- YAML

function labelsYaml(labels: Readonly<Record<string, string>>, indent: string): string {
  return Object.entries(labels)
    .map(([k, v]) => `${indent}${k}: ${/^(true|false|yes|no|on|off|null|~|[0-9.]+)$/i.test(v) ? `"${v}"` : v}`)
    .join('\n');
}

function namespaceYaml(ns: Ns): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns.name}
  labels:
${labelsYaml(ns.labels, '    ')}
`;
}

function workloadYaml(app: App): string {
  const ports = app.ports
    .map((p) => `            - name: ${p.name}\n              containerPort: ${p.port}${p.protocol ? `\n              protocol: ${p.protocol}` : ''}`)
    .join('\n');
  const image = `registry.example.com/${app.ns.team}/${app.name}:1.${app.name.length}.0`;
  const extra = app.kind === 'StatefulSet' ? `  serviceName: ${app.name}\n` : '';
  return `apiVersion: apps/v1
kind: ${app.kind}
metadata:
  name: ${app.name}
  namespace: ${app.ns.name}
  labels:
    app: ${app.name}
    team: ${app.ns.team}
spec:
  replicas: ${app.replicas}
${extra}  selector:
    matchLabels:
      app: ${app.name}
  template:
    metadata:
      labels:
${labelsYaml(app.labels, '        ')}
      annotations:
        prometheus.io/scrape: "true"
    spec:
      serviceAccountName: ${app.name}
      containers:
        - name: ${app.name}
          image: ${image}
          ports:
${ports}
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: ${app.ports[0].port}
`;
}

function serviceYaml(app: App): string {
  const ports = app.ports
    .filter((p) => p.name !== 'metrics')
    .map((p) => `    - name: ${p.name}\n      port: ${p.port === 8080 ? 80 : p.port}\n      targetPort: ${p.name}${p.protocol ? `\n      protocol: ${p.protocol}` : ''}`)
    .join('\n');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  namespace: ${app.ns.name}
spec:
  selector:
    app: ${app.name}
  ports:
${ports}
`;
}

function ingressYaml(ns: Ns, frontends: readonly App[]): string {
  const rules = frontends
    .map(
      (f) => `    - host: ${f.name}.${ns.env}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${f.name}
                port:
                  name: http`,
    )
    .join('\n');
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
  namespace: ${ns.name}
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  rules:
${rules}
`;
}

/** A policy as structured data, rendered to YAML by `policyYaml`; edits in the head work on this form. */
interface PolicySpec {
  name: string;
  ns: string;
  podSelector: string[];
  types: ('Ingress' | 'Egress')[];
  ingress: RuleSpec[];
  egress: RuleSpec[];
}

interface RuleSpec {
  /** Peer entries, each a list of YAML lines (relative indentation, first line starts the entry). */
  peers: string[][];
  ports: string[];
}

const sel = (labels: Record<string, string>): string[] =>
  Object.keys(labels).length === 0 ? ['{}'] : ['matchLabels:', ...Object.entries(labels).map(([k, v]) => `  ${k}: ${v}`)];

function podPeer(labels: Record<string, string>): string[] {
  const s = sel(labels);
  return s[0] === '{}' ? ['podSelector: {}'] : ['podSelector:', ...s.map((l) => `  ${l}`)];
}

function nsPodPeer(nsLabels: Record<string, string>, podLabels: Record<string, string> | null): string[] {
  const n = sel(nsLabels);
  const out = n[0] === '{}' ? ['namespaceSelector: {}'] : ['namespaceSelector:', ...n.map((l) => `  ${l}`)];
  if (podLabels) out.push(...podPeer(podLabels));
  return out;
}

function exprPeer(key: string, op: string, values: string[], nsLabels?: Record<string, string>): string[] {
  const out = nsLabels ? nsPodPeer(nsLabels, null) : [];
  out.push('podSelector:', '  matchExpressions:', `    - key: ${key}`, `      operator: ${op}`);
  if (values.length > 0) out.push(`      values: [${values.join(', ')}]`);
  return out;
}

function ipPeer(cidr: string, except: string[]): string[] {
  const out = ['ipBlock:', `  cidr: ${cidr}`];
  if (except.length > 0) out.push('  except:', ...except.map((e) => `    - ${e}`));
  return out;
}

function port(p: number | string, protocol?: string, endPort?: number): string {
  return `{${protocol ? `protocol: ${protocol}, ` : ''}port: ${p}${endPort ? `, endPort: ${endPort}` : ''}}`;
}

function policyYaml(p: PolicySpec): string {
  const lines = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${p.name}`,
    `  namespace: ${p.ns}`,
    'spec:',
    p.podSelector[0] === '{}' ? '  podSelector: {}' : '  podSelector:',
    ...(p.podSelector[0] === '{}' ? [] : p.podSelector.map((l) => `    ${l}`)),
    '  policyTypes:',
    ...p.types.map((t) => `    - ${t}`),
  ];
  for (const [key, peerKey, rules] of [['ingress', 'from', p.ingress], ['egress', 'to', p.egress]] as const) {
    if (rules.length === 0) continue;
    lines.push(`  ${key}:`);
    for (const r of rules) {
      let first = true;
      const lead = () => {
        const s = first ? '    - ' : '      ';
        first = false;
        return s;
      };
      if (r.peers.length > 0) {
        lines.push(`${lead()}${peerKey}:`);
        for (const peer of r.peers) peer.forEach((l, i) => lines.push(`${i === 0 ? '        - ' : '          '}${l}`));
      }
      if (r.ports.length > 0) {
        lines.push(`${lead()}ports:`);
        for (const pt of r.ports) lines.push(`        - ${pt}`);
      }
      if (first) lines.push('    - {}');
    }
  }
  return lines.join('\n') + '\n';
}

// ----------------------------------------------------------------------------------------- the repo

interface Model {
  namespaces: Ns[];
  policies: PolicySpec[];
  kubeDns: App;
  prometheus: App;
}

function build(rng: Rng, workloads: number): Model {
  const teamNsCount = Math.max(2, Math.round(workloads / 50));
  const namespaces: Ns[] = [];
  const mkNs = (name: string, team: string, env: string, system: boolean): Ns => ({
    name,
    team,
    env,
    system,
    apps: [],
    labels: { team, env, ...(system ? { 'platform.example.com/system': 'true' } : { 'istio-injection': rng.chance(0.5) ? 'enabled' : 'disabled' }) },
  });
  const kubeSystem = mkNs('kube-system', 'platform', 'prod', true);
  const monitoring = mkNs('monitoring', 'platform', 'prod', true);
  const ingressNginx = mkNs('ingress-nginx', 'platform', 'prod', true);
  const sysApp = (ns: Ns, name: string, kind: App['kind'], ports: Port[], labels: Record<string, string>): App => {
    const app: App = { ns, name, kind, tier: 'backend', replicas: 2, ports, service: true, labels: { ...labels, team: 'platform' } };
    ns.apps.push(app);
    return app;
  };
  const kubeDns = sysApp(kubeSystem, 'coredns', 'Deployment', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }], { 'k8s-app': 'kube-dns', app: 'coredns' });
  const prometheus = sysApp(monitoring, 'prometheus', 'StatefulSet', [{ name: 'web', port: 9090 }], { app: 'prometheus', 'app.kubernetes.io/name': 'prometheus' });
  sysApp(ingressNginx, 'ingress-nginx-controller', 'Deployment', [{ name: 'http', port: 80 }, { name: 'https', port: 443 }, { name: 'metrics', port: 10254 }], { app: 'ingress-nginx', 'app.kubernetes.io/component': 'controller' });
  namespaces.push(kubeSystem, monitoring, ingressNginx);

  // Team namespaces: each team has a prod and a staging namespace with the same apps.
  const teams: string[] = [];
  for (let i = 0; teams.length * ENVS.length < teamNsCount; i++) teams.push(i < TEAMS.length ? TEAMS[i] : `${TEAMS[i % TEAMS.length]}${Math.floor(i / TEAMS.length)}`);
  const teamNs: Ns[] = [];
  for (const team of teams) for (const env of ENVS) teamNs.push(mkNs(`${team}-${env}`, team, env, false));
  namespaces.push(...teamNs);

  // Spread the workloads over the team namespaces, with some jitter but the exact total.
  const budget = Math.max(teamNs.length, workloads - 3);
  const weights = teamNs.map(() => 0.6 + rng.float() * 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((w / total) * budget)));
  for (let i = 0, left = budget - counts.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % counts.length, left--) counts[i]++;
  teamNs.forEach((ns, i) => {
    for (let k = 0; k < counts[i]; k++) {
      const tier = k === 0 ? 'frontend' : pickTier(rng);
      const name = `${WORDS[k % WORDS.length]}-${tier === 'db' ? 'db' : tier === 'cache' ? 'cache' : tier === 'worker' ? 'worker' : tier === 'frontend' ? 'web' : 'api'}${k >= WORDS.length ? `-${Math.floor(k / WORDS.length)}` : ''}`;
      const stateful = tier === 'db' || tier === 'cache';
      ns.apps.push({
        ns,
        name,
        kind: stateful ? 'StatefulSet' : 'Deployment',
        tier,
        replicas: stateful ? 3 : rng.int(1, 6),
        ports: tierPorts(tier, rng),
        service: tier !== 'worker',
        labels: { app: name, tier, team: ns.team, version: rng.chance(0.8) ? 'v1' : 'v2' },
      });
    }
  });

  const policies: PolicySpec[] = [];
  for (const ns of teamNs) policies.push(...namespacePolicies(rng, ns, teamNs));
  return { namespaces, policies, kubeDns, prometheus };
}

const DNS_RULE: RuleSpec = {
  peers: [nsPodPeer({ 'kubernetes.io/metadata.name': 'kube-system' }, { 'k8s-app': 'kube-dns' })],
  ports: [port(53, 'UDP'), port(53, 'TCP')],
};

/** About a fifth of the namespace's workloads in policies; the per-app ones name specific peers. */
function namespacePolicies(rng: Rng, ns: Ns, all: readonly Ns[]): PolicySpec[] {
  const out: PolicySpec[] = [];
  const target = Math.max(4, Math.round(ns.apps.length / 5));
  out.push({ name: 'default-deny', ns: ns.name, podSelector: ['{}'], types: ['Ingress', 'Egress'], ingress: [], egress: [] });
  out.push({ name: 'allow-dns', ns: ns.name, podSelector: ['{}'], types: ['Egress'], ingress: [], egress: [DNS_RULE] });
  out.push({
    name: 'allow-prometheus',
    ns: ns.name,
    podSelector: ['{}'],
    types: ['Ingress'],
    ingress: [{ peers: [nsPodPeer({ 'kubernetes.io/metadata.name': 'monitoring' }, { app: 'prometheus' })], ports: [port('metrics')] }],
    egress: [],
  });
  out.push({
    name: 'allow-ingress-controller',
    ns: ns.name,
    podSelector: sel({ tier: 'frontend' }),
    types: ['Ingress'],
    ingress: [{ peers: [nsPodPeer({ 'kubernetes.io/metadata.name': 'ingress-nginx' }, { app: 'ingress-nginx' })], ports: [port('http')] }],
    egress: [],
  });
  if (rng.chance(0.25) && out.length < target) {
    out.push({
      name: 'allow-same-namespace',
      ns: ns.name,
      podSelector: ['{}'],
      types: ['Ingress', 'Egress'],
      ingress: [{ peers: [podPeer({})], ports: [] }],
      egress: [{ peers: [podPeer({})], ports: [] }],
    });
  }
  const sameEnv = all.filter((o) => o.env === ns.env && o !== ns);
  const candidates = ns.apps.filter((a) => a.tier !== 'worker' || rng.chance(0.3));
  for (const app of rng.sample(candidates, target - out.length)) out.push(appPolicy(rng, app, sameEnv));
  return out;
}

function appPolicy(rng: Rng, app: App, sameEnv: readonly Ns[]): PolicySpec {
  const ns = app.ns;
  const main = app.ports[0];
  const ingress: RuleSpec[] = [];
  const egress: RuleSpec[] = [];
  const others = ns.apps.filter((a) => a !== app);
  const local = (tier: Tier) => others.filter((a) => a.tier === tier);
  // Who may call this app.
  if (app.tier === 'db' || app.tier === 'cache') {
    const clients = rng.sample(local('backend').concat(local('worker')), rng.int(1, 3));
    if (clients.length > 0) {
      ingress.push({
        peers: clients.length > 1 ? [exprPeer('app', 'In', clients.map((c) => c.name))] : [podPeer({ app: clients[0].name })],
        ports: [port(main.port)],
      });
    }
  } else if (app.tier === 'backend') {
    ingress.push({ peers: [exprPeer('tier', 'In', ['frontend', 'backend'])], ports: [port(main.name), ...(app.ports.some((p) => p.name === 'grpc') ? [port('grpc')] : [])] });
    // A caller in another team's namespace of the same env.
    const other = sameEnv.length > 0 ? rng.pick(sameEnv) : undefined;
    const caller = other && rng.chance(0.6) ? rng.pick(other.apps.filter((a) => a.tier === 'backend' || a.tier === 'frontend').concat(other.apps[0])) : undefined;
    if (other && caller) {
      ingress.push({ peers: [nsPodPeer({ team: other.team, env: other.env }, { app: caller.name })], ports: [port(8080)] });
    }
  } else if (app.tier === 'frontend') {
    ingress.push({ peers: [exprPeer('tier', 'NotIn', ['db', 'cache'])], ports: [port(main.port)] });
  }
  // What this app may call.
  const deps = rng.sample(others.filter((a) => a.tier === 'db' || a.tier === 'cache' || a.tier === 'backend'), rng.int(0, 3));
  for (const d of deps) egress.push({ peers: [podPeer({ app: d.name })], ports: [port(d.ports[0].port)] });
  if (rng.chance(0.35) && sameEnv.length > 0) {
    const other = rng.pick(sameEnv);
    const target = rng.pick(other.apps);
    egress.push({ peers: [nsPodPeer({ team: other.team, env: other.env }, { app: target.name })], ports: [port(8080), port(9000, undefined, 9010)] });
  }
  if (rng.chance(0.3)) {
    // External APIs: the corporate range minus the cluster's service and pod ranges, HTTPS only.
    egress.push({
      peers: [ipPeer('10.0.0.0/8', ['10.96.0.0/12', '10.244.0.0/16']), ipPeer(rng.pick(['52.0.0.0/8', '34.64.0.0/10', '192.0.2.0/24']), [])],
      ports: [port(443)],
    });
  }
  if (rng.chance(0.1)) egress.push({ peers: [exprPeer('tier', 'Exists', [], { env: ns.env, team: ns.team })], ports: [port('metrics')] });
  const types: PolicySpec['types'] = [];
  if (ingress.length > 0) types.push('Ingress');
  if (egress.length > 0) types.push('Egress');
  if (types.length === 0) types.push('Ingress');
  return { name: `${app.name}-policy`, ns: ns.name, podSelector: sel({ app: app.name }), types, ingress, egress };
}

function renderFiles(m: Model, extraApps: readonly App[] = []): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const ns of m.namespaces) {
    files.push({ path: `clusters/main/namespaces/${ns.name}.yaml`, text: namespaceYaml(ns) });
    for (const app of [...ns.apps, ...extraApps.filter((a) => a.ns === ns)]) {
      const docs = [workloadYaml(app)];
      if (app.service) docs.push(serviceYaml(app));
      files.push({ path: `apps/${ns.name}/${app.name}.yaml`, text: docs.join('---\n') });
    }
    const frontends = ns.apps.filter((a) => a.tier === 'frontend' && a.service);
    if (!ns.system && frontends.length > 0) files.push({ path: `apps/${ns.name}/ingress.yaml`, text: ingressYaml(ns, frontends) });
  }
  for (const p of m.policies) files.push({ path: `policies/${p.ns}/${p.name}.yaml`, text: policyYaml(p) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The head: a pull request touching a handful of policies and adding a workload. Edits are drawn from
 * the per-app policies so they mean something: one widens a rule to a whole namespace selector, one adds
 * a port, one drops an egress rule; two policies are added (one for the new workload), two removed.
 */
function headChange(rng: Rng, m: Model): { policies: PolicySpec[]; extraApps: App[]; change: string[] } {
  const change: string[] = [];
  const policies = m.policies.map((p) => ({ ...p, ingress: p.ingress.map((r) => ({ ...r })), egress: p.egress.map((r) => ({ ...r })) }));
  const appPolicies = policies.filter((p) => p.name.endsWith('-policy'));
  const [widen, addPort, dropEgress, ...rest] = rng.sample(appPolicies.filter((p) => p.ingress.length > 0 && p.egress.length > 0), 5);
  if (widen) {
    widen.ingress[0] = { ...widen.ingress[0], peers: [nsPodPeer({ env: rng.pick(ENVS) }, null)] };
    change.push(`edited ${widen.ns}/${widen.name}: ingress[0] widened to every namespace of an env`);
  }
  if (addPort) {
    addPort.ingress[0] = { ...addPort.ingress[0], ports: [...addPort.ingress[0].ports, port(8443), port(5000, 'TCP', 5100)] };
    change.push(`edited ${addPort.ns}/${addPort.name}: ingress[0] gains ports 8443, 5000-5100`);
  }
  if (dropEgress) {
    dropEgress.egress = dropEgress.egress.slice(1);
    if (dropEgress.egress.length === 0) dropEgress.types = dropEgress.types.filter((t) => t !== 'Egress');
    change.push(`edited ${dropEgress.ns}/${dropEgress.name}: egress[0] removed`);
  }
  // A namespace opens all egress on 443 ("the SDK needs HTTPS"): every destination, pods included.
  const dns = rng.pick(policies.filter((p) => p.name === 'allow-dns'));
  dns.egress = [...dns.egress, { peers: [], ports: [port(443)] }];
  change.push(`edited ${dns.ns}/allow-dns: egress to anywhere on TCP 443 added`);
  const removed = new Set(rest.slice(0, 2));
  for (const p of removed) change.push(`removed ${p.ns}/${p.name}`);
  const out = policies.filter((p) => !removed.has(p));

  // A new workload with its own policy, in a namespace that has a backend to call.
  const teamNs = m.namespaces.filter((n) => !n.system);
  const ns = rng.pick(teamNs);
  const app: App = {
    ns,
    name: 'newfeature-api',
    kind: 'Deployment',
    tier: 'backend',
    replicas: 2,
    ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }],
    service: true,
    labels: { app: 'newfeature-api', tier: 'backend', team: ns.team, version: 'v1' },
  };
  const dep = ns.apps.find((a) => a.tier === 'db') ?? ns.apps[0];
  out.push({
    name: 'newfeature-api-policy',
    ns: ns.name,
    podSelector: sel({ app: app.name }),
    types: ['Ingress', 'Egress'],
    ingress: [{ peers: [podPeer({ tier: 'frontend' })], ports: [port('http')] }],
    egress: [{ peers: [podPeer({ app: dep.name })], ports: [port(dep.ports[0].port)] }],
  });
  change.push(`added workload ${ns.name}/${app.name} and its policy`);
  // A team opens its API to a partner team's namespaces (by matchExpressions on team).
  const owner = rng.pick(teamNs);
  const partner = rng.pick(teamNs.filter((n) => n !== owner));
  const target = owner.apps.find((a) => a.tier === 'backend') ?? owner.apps[0];
  out.push({
    name: `allow-${partner.team}-to-${target.name}`,
    ns: owner.name,
    podSelector: sel({ app: target.name }),
    types: ['Ingress'],
    ingress: [{ peers: [[...nsPodPeer({ env: owner.env }, null), 'podSelector:', '  matchExpressions:', '    - key: team', '      operator: In', `      values: [${partner.team}]`]], ports: [port('http')] }],
    egress: [],
  });
  change.push(`added ${owner.name}/allow-${partner.team}-to-${target.name}`);
  return { policies: out, extraApps: [app], change };
}

export function generateRepo(options: GenerateOptions): GeneratedRepo {
  const seed = options.seed ?? 42;
  const rng = new Rng(seed ^ Math.imul(options.workloads, 0x9e3779b1));
  const model = build(rng, options.workloads);
  const base = renderFiles(model);
  const { policies, extraApps, change } = headChange(rng, model);
  const head = renderFiles({ ...model, policies }, extraApps);
  const apps = model.namespaces.flatMap((n) => n.apps);
  return {
    seed,
    base,
    head,
    stats: {
      namespaces: model.namespaces.length,
      workloads: apps.length,
      policies: model.policies.length,
      services: apps.filter((a) => a.service).length,
      ingresses: model.namespaces.filter((n) => !n.system && n.apps.some((a) => a.tier === 'frontend')).length,
      change,
    },
  };
}
