import { AddressSet, V6_OFFSET } from './address-set.js';

/** Parses a dotted IPv4 or an IPv6 address (with `::`, or an embedded IPv4 tail) to a point on the shared line. */
export function parseAddress(text: string): bigint | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return parseV4(text);
  if (text.includes(':')) {
    const v6 = parseV6(text);
    return v6 === undefined ? undefined : v6 + V6_OFFSET;
  }
  return undefined;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.').map(Number);
  if (parts.some((p, i) => p > 255 || (text.split('.')[i].length > 1 && text.split('.')[i].startsWith('0')))) {
    return undefined;
  }
  return BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]);
}

function parseV6(text: string): bigint | undefined {
  let body = text;
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(':');
  const lastPart = body.slice(lastColon + 1);
  if (lastPart.includes('.')) {
    const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(lastPart) ? parseV4(lastPart) : undefined;
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] === '' ? [] : halves[0].split(':');
  const right = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const want = 8 - tail.length;
  let groups: string[];
  if (halves.length === 1) {
    if (left.length !== want) return undefined;
    groups = left;
  } else {
    if (left.length + right.length > want - 1) return undefined;
    groups = [...left, ...Array<string>(want - left.length - right.length).fill('0'), ...right];
  }
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  for (const t of tail) value = (value << 16n) | t;
  return value;
}

/**
 * A failure's `message` quotes the text in full (`"x" is not a CIDR …`); `reason` is the same without the
 * text, for callers that quote it themselves (the loader quotes input short: manifests/quote.ts).
 */
export type CidrResult = { ok: true; set: AddressSet; first: bigint; last: bigint } | { ok: false; message: string; reason: string };

function failure(text: string, reason: string): CidrResult {
  return { ok: false, message: `"${text}" ${reason}`, reason };
}

/** Parses `a.b.c.d/n` or `x::/n`. Like the API server, host bits set beyond the prefix are accepted and masked. */
export function parseCidr(text: string): CidrResult {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return failure(text, 'is not a CIDR (expected address/prefix)');
  const point = parseAddress(m[1]);
  if (point === undefined) return failure(text, 'has an invalid address');
  const isV4 = point < V6_OFFSET;
  const bits = isV4 ? 32 : 128;
  const prefix = Number(m[2]);
  if (prefix > bits) return failure(text, `has a prefix longer than ${bits}`);
  const base = isV4 ? 0n : V6_OFFSET;
  const local = point - base;
  const size = 1n << BigInt(bits - prefix);
  const first = (local / size) * size + base;
  const last = first + size - 1n;
  return { ok: true, set: AddressSet.of([[first, last]]), first, last };
}

/** Parses a contract range `first-last`, a CIDR, or a single address. */
export function parseRange(text: string): AddressSet | undefined {
  if (text.includes('/')) {
    const c = parseCidr(text);
    return c.ok ? c.set : undefined;
  }
  const dash = text.indexOf('-');
  if (dash < 0) {
    const p = parseAddress(text);
    return p === undefined ? undefined : AddressSet.of([[p, p]]);
  }
  const a = parseAddress(text.slice(0, dash));
  const b = parseAddress(text.slice(dash + 1));
  if (a === undefined || b === undefined || a > b) return undefined;
  return AddressSet.of([[a, b]]);
}
