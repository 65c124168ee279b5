/**
 * A rule that names its port (`port: http`) reaches the number each destination pod's container port of that
 * name has. A workload's pair carries the number its own `http` has (shop/web: 8080), which is not a number
 * every pod of a wider set gets: for egress another destination numbers `http` otherwise or lacks it, for
 * ingress another pod of the subject does. The cause sentence of rules given to pods others isolate
 * (analysis/cause-ports.ts) said "to every destination on TCP 8080, TCP http" of every pod and destination,
 * and a line read the workload destination through its wider region ("may now send to shop/[pod with {env
 * NotIn (prod),tier NotIn (front)}] (shop/web today) on TCP 8080", named-port-use.ts) though that region's
 * other pods need not number `http` 8080. Found by test/property/diff-claims-hold.test.ts ("several policies
 * moved at once", seeds 2130467112 and 7); here, the text.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

/** shop/web numbers `http` 8080; `front`'s selectors cut shop's other pods into label combinations. */
const app = (direction: 'Ingress' | 'Egress') => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: web
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [${direction}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: front, namespace: shop}
spec:
  podSelector: {matchLabels: {tier: front}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {env: prod}}}]
`;

/** Every pod of shop now gets `http` that way, from (to) every peer; an egress policy's ingress rule is ignored (its policyTypes). */
const allowHttp = (direction: 'Ingress' | 'Egress') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-http, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [${direction}]
  ${direction.toLowerCase()}:
    - ports: [{port: http}]
${direction === 'Egress' ? '  ingress:\n    - ports: [{port: 9999}]\n' : ''}`;

describe('rules given by a port name: the cause and the lines say the name, not the number one workload gives it', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'reachdiff-cause-named-ports-'));
    for (const direction of ['Ingress', 'Egress'] as const) {
      for (const side of ['base', 'head']) {
        const dir = join(root, direction, side);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'app.yaml'), app(direction));
      }
      writeFileSync(join(root, direction, 'head', 'allow-http.yaml'), allowHttp(direction));
    }
  });
  const text = async (direction: 'Ingress' | 'Egress') => (await main(['diff', join(root, direction, 'base'), join(root, direction, 'head'), '--format', 'text'])).stdout;
  const why = 'NetworkPolicy shop/allow-http added (allow-http.yaml:1)';

  it('egress: every destination on TCP http (was "TCP 8080, TCP http"); the path to shop/web keeps shop/web as its destination', async () => {
    const lines = (await text('Egress')).split('\n');
    expect(lines[2]).toBe(`Opens egress from shop/[all pods] (already isolated for egress in base by other policies) to every destination on TCP http: ${why}; 4 paths: 2 with its workload shop/web, 2 with its other pods.`);
    const at = lines.indexOf(`  Opens egress from shop/[all pods] (already isolated for egress in base by other policies) to every destination on TCP http: ${why}; 4 paths (1 listed above): 2 with its workload shop/web[Deployment], 2 with its other pods; its 2 lines:`);
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '    shop/[all pods] (shop/web[Deployment] today) may now send to entire-cluster on TCP http, allow-http.yaml:8',
      '    shop/[all pods] (shop/web[Deployment] today) may now send to shop/web[Deployment] on TCP 8080, allow-http.yaml:8',
    ]);
  });

  it('egress: the ingress rule of a policy whose policyTypes is Egress opens nothing', async () => {
    const out = await text('Egress');
    // The paths and their causes (the rollback's patch below them quotes the policy as written).
    const paths = out.slice(0, out.indexOf('\nRollback'));
    expect(paths).toContain('has 1 ingress rule but its policyTypes does not include Ingress');
    expect(paths).not.toMatch(/9999|admits/);
  });

  it('ingress: every source on TCP http (was "TCP 8080, TCP http"); shop/web is told as itself on TCP 8080, not as its wider region', async () => {
    const lines = (await text('Ingress')).split('\n');
    expect(lines[2]).toBe(`Opens shop/[all pods] (already isolated for ingress in base by other policies) to every source on TCP http: ${why}; 6 paths: 3 with its workload shop/web, 3 with its other pods.`);
    const at = lines.indexOf(`  Opens shop/[all pods] (already isolated for ingress in base by other policies) to every source on TCP http: ${why}; 6 paths (2 listed above): 3 with its workload shop/web[Deployment], 3 with its other pods; its 2 lines:`);
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '    shop/web[Deployment] now admits entire-cluster (shop/web[Deployment] today) on TCP 8080, allow-http.yaml:8',
      '    shop/[all pods] now admits entire-cluster (shop/web[Deployment] today) and 0.0.0.0/0, ::/0 on TCP http, allow-http.yaml:8',
    ]);
  });
});
