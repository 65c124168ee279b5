/** NetworkPolicy `ipBlock` peers: cidr minus except, validated as the API server does. */
import { parseCidr } from '../../engine/cidr.js';
import type { Peer, SourceRef } from '../../engine/model.js';
import type { DocContext } from '../context.js';
import { asArray, isObject } from '../context.js';
import { checkFields } from '../field-checks.js';
import { IP_BLOCK } from '../known-fields.js';
import { quote } from '../quote.js';
import { AddressSet } from '../../engine/address-set.js';
import { emptiedAddress } from '../emptied-values.js';

export function readIpBlock(ctx: DocContext, raw: unknown, label: string, pref: SourceRef): Peer | undefined {
  const ref = ctx.ref(raw, pref);
  if (!isObject(raw)) {
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock must be a map`, ref);
    return undefined;
  }
  if (!checkFields(ctx, raw, IP_BLOCK, `${label}.ipBlock`, ref)) return undefined;
  // `cidr: ${VAR}` emptied reads as no value at all (null), `cidr: "${VAR}"` as an empty string.
  const unknown = (value: unknown) => emptiedAddress(ctx, raw, 'cidr', value, `${label}.ipBlock.cidr`, 'this peer is not analysed (it matches nothing here)', ctx.keyRef(raw, 'cidr', ref));
  if ((raw.cidr === null || raw.cidr === '') && unknown(raw.cidr)) return { kind: 'ipBlock', block: AddressSet.NONE, cidr: '', ref };
  if (typeof raw.cidr !== 'string') {
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock needs a cidr`, ctx.fieldRef(raw, 'cidr', ref));
    return undefined;
  }
  const cidr = parseCidr(raw.cidr);
  if (!cidr.ok && unknown(raw.cidr)) return { kind: 'ipBlock', block: AddressSet.NONE, cidr: raw.cidr, ref };
  if (!cidr.ok) {
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock.cidr: ${quote(raw.cidr)} ${cidr.reason}`, ctx.fieldRef(raw, 'cidr', ref));
    return undefined;
  }
  let block = cidr.set;
  if (raw.except !== undefined && raw.except !== null && !Array.isArray(raw.except)) {
    // Ignoring a malformed except would widen the block; the API server rejects it.
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock.except must be a list of CIDRs`, ctx.keyRef(raw, 'except', ref));
    return undefined;
  }
  const excepts = asArray(raw.except) ?? [];
  for (const [i, e] of excepts.entries()) {
    const ex = parseCidr(String(e));
    if (!ex.ok && emptiedAddress(ctx, excepts, i, e, `${label}.ipBlock.except[${i}]`, 'this except is not applied', ctx.itemRef(excepts, i, ref))) continue;
    if (!ex.ok) {
      ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock.except: ${quote(String(e))} ${ex.reason}`, ctx.itemRef(excepts, i, ref));
      return undefined;
    }
    // The API server requires each except to be a strict subset of the cidr, same IP family.
    if (ex.first < cidr.first || ex.last > cidr.last || (ex.first === cidr.first && ex.last === cidr.last)) {
      ctx.report('error', 'EXCEPT_OUTSIDE_CIDR', `${label}.ipBlock.except ${quote(String(e))} is not strictly inside cidr ${quote(raw.cidr)}`, ctx.itemRef(excepts, i, ref));
      return undefined;
    }
    block = block.subtract(ex.set);
  }
  return { kind: 'ipBlock', block, cidr: raw.cidr, ref };
}
