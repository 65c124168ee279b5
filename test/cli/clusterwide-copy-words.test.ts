/**
 * Words about a clusterwide policy's copies (engine/cluster-scope.ts; test/fixtures/ccnp-copy-words/, README
 * there): a copy in a namespace no manifest defines but a selector names (`dev`) was said "(in other
 * namespaces)" next to `dev/[…]` (re18-nickromney a544792's deny-dev-to-uat), and a warning about one rule
 * line came once per namespace the policy was copied into (three lines and a fourth for the rest).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-copy-words');
const diff = (format: string) => main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format, '--fail-on', 'never']);

describe('a clusterwide policy copied into namespaces', () => {
  it('a copy in a namespace only a selector names reads "(in dev)", never "(in other namespaces)"', async () => {
    const text = (await diff('text')).stdout;
    expect(text).toContain('CiliumClusterwideNetworkPolicy dev-only (in dev, clusterwide.yaml:1) isolates ingress');
    expect(text).not.toContain('dev-only (in other namespaces)');
    expect(text).not.toContain('~ns');
  });

  it('the JSON names the copy as the policy itself, as before', async () => {
    const json = (await diff('json')).stdout;
    expect(json).toContain('"policy": "CiliumClusterwideNetworkPolicy/dev-only"');
    expect(json).not.toContain('~ns');
  });

  it('one NAMED_PORT_TO_IPBLOCK warning for the one rule line, named as the clusterwide policy', async () => {
    const text = (await diff('text')).stdout;
    const warnings = text.split('\n').filter((l) => l.includes('[NAMED_PORT_TO_IPBLOCK]'));
    expect(warnings).toEqual(['  clusterwide.yaml:26: warning: CiliumClusterwideNetworkPolicy/web-egress: named port "http" can never match traffic to an ipBlock (addresses have no container ports) [NAMED_PORT_TO_IPBLOCK]']);
    const json = JSON.parse((await diff('json')).stdout) as { warnings?: { code: string }[] };
    expect((json.warnings ?? []).filter((w) => w.code === 'NAMED_PORT_TO_IPBLOCK').length).toBe(1);
  });
});
