import fc from 'fast-check';
import { jsonChunks } from '../../src/report/json-chunks.js';
import { ConnectionSet } from '../../src/engine/index.js';
import { params } from '../property/harness.js';

const whole = (v: unknown) => [...jsonChunks(v)].join('');
const expected = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

describe('jsonChunks: JSON.stringify(…, null, 2) in chunks', () => {
  it('writes long arrays nested in objects and arrays exactly as JSON.stringify', () => {
    const pairs = Array.from({ length: 300 }, (_, i) => ({ id: `p${i}`, conn: ConnectionSet.port('TCP', 1000 + i), gone: undefined, f: () => 1 }));
    const value = { schemaVersion: 1, pairs, targets: [{ name: 't', pairs, empty: [], none: {} }], holes: [...Array.from({ length: 70 }, () => undefined), null, 'x'] };
    expect(whole(value)).toBe(expected(value));
  });

  it('calls toJSON once, with the property key, and leaves out what toJSON makes undefined', () => {
    const keys: string[] = [];
    const probe = { toJSON: (k: string) => (keys.push(k), k === 'drop' ? undefined : { k, toJSON: 'not a function' }) };
    const value = { a: probe, drop: probe, list: Array.from({ length: 80 }, () => probe) };
    expect(whole(value)).toBe(expected(value));
    // JSON.stringify asked each once; the chunks asked a value at most twice (to decide, then to write), same keys.
    expect(new Set(keys)).toEqual(new Set(['a', 'drop', ...Array.from({ length: 80 }, (_, i) => String(i))]));
  });

  it('cuts a large value into chunks of bounded length', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ i, name: `row-${i}` }));
    const chunks = [...jsonChunks({ rows })];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.join('')).toBe(expected({ rows }));
  });

  it('agrees with JSON.stringify on random JSON values with long arrays', () => {
    // Long arrays (walked) two levels deep at most, inside small objects and arrays (written whole or walked).
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
    const level = (inner: fc.Arbitrary<unknown>) => fc.oneof(inner, fc.array(inner, { minLength: 60, maxLength: 70 }), fc.dictionary(fc.string({ maxLength: 4 }), inner, { maxKeys: 3 }));
    const small = (inner: fc.Arbitrary<unknown>) => fc.oneof(inner, fc.array(inner, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), inner, { maxKeys: 3 }));
    // A value JSON.stringify writes (it returns undefined for undefined itself).
    const value = small(level(level(leaf))).filter((v) => v !== undefined);
    fc.assert(fc.property(value, (v) => whole(v) === expected(v)), params(100));
  });
});

describe('reachdiff diff --format json streams its output', () => {
  it('leaves the JSON in chunks for the binary to write, and gives the same text collected', async () => {
    const { main } = await import('../../src/cli/main.js');
    const argv = ['diff', 'examples/base', 'examples/head', '--format', 'json', '--fail-on', 'never'];
    const streamed = await main(argv, { stream: true });
    const collected = await main(argv);
    expect(streamed.stdout).toBe('');
    expect(streamed.chunks).toBeDefined();
    expect([...streamed.chunks!].join('')).toBe(collected.stdout);
    expect(JSON.parse(collected.stdout).schemaVersion).toBe(1);
  });
});
