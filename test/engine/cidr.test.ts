import { AddressSet, formatAddress, parseAddress, parseCidr, parseRange } from '../../src/engine/index.js';
import { V6_OFFSET } from '../../src/engine/address-set.js';

const v6 = (n: bigint) => V6_OFFSET + n;

describe('parseAddress', () => {
  it.each<[string, string, bigint | undefined]>([
    ['a dotted IPv4 address', '10.0.0.1', 0x0a000001n],
    ['the lowest IPv4 address', '0.0.0.0', 0n],
    ['the highest IPv4 address', '255.255.255.255', 0xffffffffn],
    ['an IPv4 octet above 255 is rejected', '256.0.0.1', undefined],
    ['three IPv4 octets are rejected', '10.0.0', undefined],
    ['five IPv4 octets are rejected', '1.2.3.4.5', undefined],
    ['`::` is the zero IPv6 address', '::', v6(0n)],
    ['`::1` is the IPv6 loopback', '::1', v6(1n)],
    ['`1::` puts the group first', '1::', v6(1n << 112n)],
    ['eight full groups', '2001:db8:0:0:0:0:0:1', v6(0x20010db8000000000000000000000001n)],
    ['`::` in the middle', '2001:db8::1', v6(0x20010db8000000000000000000000001n)],
    ['upper-case hex', 'FE80::A', v6(0xfe80000000000000000000000000000an)],
    ['`::` standing for a single zero group', '1:2:3:4:5:6:7::', v6(0x0001000200030004000500060007_0000n)],
    ['an IPv4-mapped address', '::ffff:1.2.3.4', v6(0xffff01020304n)],
    ['an IPv4-compatible address', '::1.2.3.4', v6(0x01020304n)],
    ['six groups with an IPv4 tail', '1:2:3:4:5:6:1.2.3.4', v6(0x0001000200030004000500060102_0304n)],
    ['two `::` are rejected', '1::2::3', undefined],
    ['nine groups are rejected', '1:2:3:4:5:6:7:8:9', undefined],
    ['seven groups without `::` are rejected', '1:2:3:4:5:6:7', undefined],
    ['eight groups plus `::` are rejected', '1:2:3:4:5:6:7:8::', undefined],
    ['a group of five hex digits is rejected', '12345::', undefined],
    ['a non-hex group is rejected', 'gggg::1', undefined],
    ['a bad IPv4 tail is rejected', '::ffff:1.2.3', undefined],
    ['an IPv4 tail with too many groups is rejected', '1:2:3:4:5:6:7:1.2.3.4', undefined],
    ['a zone index is rejected', 'fe80::1%eth0', undefined],
    ['a single colon at the start is rejected', ':1:2:3:4:5:6:7', undefined],
    ['the empty string is rejected', '', undefined],
    ['a host name is rejected', 'example.com', undefined],
  ])('%s: %s', (_name, text, want) => {
    expect(parseAddress(text)).toBe(want);
  });
});

describe('parseCidr', () => {
  it.each<[string, string, string[]]>([
    ['an IPv4 /8', '10.0.0.0/8', ['10.0.0.0-10.255.255.255']],
    ['host bits beyond the prefix are masked, as the API server accepts them', '10.1.2.3/8', ['10.0.0.0-10.255.255.255']],
    ['a /32 is one address', '192.168.1.1/32', ['192.168.1.1-192.168.1.1']],
    ['0.0.0.0/0 is every IPv4 address', '0.0.0.0/0', ['0.0.0.0-255.255.255.255']],
    ['::/0 is every IPv6 address', '::/0', ['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
    ['an IPv6 /32', '2001:db8::/32', ['2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff']],
    ['an IPv6 /128 is one address', '::1/128', ['::1-::1']],
    ['an IPv4-mapped IPv6 prefix stays IPv6', '::ffff:10.0.0.0/104', ['::ffff:a00:0-::ffff:aff:ffff']],
  ])('%s: %s', (_name, text, ranges) => {
    const r = parseCidr(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.set.toRanges()).toEqual(ranges);
  });

  it.each<[string, string]>([
    ['no prefix', '10.0.0.0'],
    ['an IPv4 prefix above 32', '10.0.0.0/33'],
    ['an IPv6 prefix above 128', '::/129'],
    ['a bad address', '10.0.0.300/8'],
    ['a word', 'any'],
    ['an empty prefix', '10.0.0.0/'],
    ['a negative prefix', '10.0.0.0/-1'],
    ['two slashes', '10.0.0.0/8/8'],
  ])('rejects %s: %s', (_name, text) => {
    const r = parseCidr(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(text);
  });
});

describe('parseRange', () => {
  it('reads first-last, a CIDR and a single address', () => {
    expect(parseRange('10.0.0.0-10.0.0.9')?.toRanges()).toEqual(['10.0.0.0-10.0.0.9']);
    expect(parseRange('10.0.0.0/24')?.toRanges()).toEqual(['10.0.0.0-10.0.0.255']);
    expect(parseRange('1.2.3.4')?.toRanges()).toEqual(['1.2.3.4-1.2.3.4']);
    expect(parseRange('::-::ff')?.toRanges()).toEqual(['::-::ff']);
  });

  it('rejects a reversed range and garbage', () => {
    expect(parseRange('10.0.0.9-10.0.0.0')).toBeUndefined();
    expect(parseRange('x-y')).toBeUndefined();
  });
});

describe('formatAddress', () => {
  it.each<[string, bigint, string]>([
    ['IPv4 zero', 0n, '0.0.0.0'],
    ['IPv4 dotted quad', 0x0a0b0c0dn, '10.11.12.13'],
    ['IPv4 maximum', 0xffffffffn, '255.255.255.255'],
    ['IPv6 zero is ::', v6(0n), '::'],
    ['IPv6 loopback', v6(1n), '::1'],
    ['trailing zeros compress', v6(1n << 112n), '1::'],
    ['groups are lower-case without leading zeros', v6(0x20010db8000000000000000000000abcn), '2001:db8::abc'],
    ['the longest zero run is compressed', v6(0x0001000000000001000000000000_0001n), '1:0:0:1::1'],
    ['of equal zero runs the first is compressed', v6(0x0001000000000001000000000001_0001n), '1::1:0:0:1:1'],
    ['a single zero group is not compressed', v6(0x0001000000010001000100010001_0001n), '1:0:1:1:1:1:1:1'],
    ['no zero group', v6(0x0001000200030004000500060007_0008n), '1:2:3:4:5:6:7:8'],
    ['IPv6 maximum', v6((1n << 128n) - 1n), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('%s', (_name, point, text) => {
    expect(formatAddress(point)).toBe(text);
  });

  it('parseAddress reads back every formatted address', () => {
    for (const p of [0n, 1n, 0xffffffffn, v6(0n), v6(1n), v6(0x20010db8000000000000000000000001n), v6((1n << 128n) - 1n), v6(0xffff0a000001n)]) {
      expect(parseAddress(formatAddress(p))).toBe(p);
    }
  });

  it('an IPv4 and an IPv6 address never collide on the shared line', () => {
    expect(AddressSet.ALL_V4.intersect(AddressSet.ALL_V6).isEmpty()).toBe(true);
    expect(parseAddress('::ffff:0.0.0.1')).not.toBe(parseAddress('0.0.0.1'));
  });
});
