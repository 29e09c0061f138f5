/**
 * Outbound UPDATE packing (hot path): one attribute set + N prefixes -> as few UPDATEs as fit the negotiated
 * maximum (4096, or 65535 with RFC 8654 extended messages).
 *
 * The attribute section is encoded once per attribute set (`attrSet`) and copied into every message; prefixes
 * are written straight into each message buffer, which is allocated at its exact size after a sizing pass.
 * IPv4 prefixes go in the NLRI field when the set has an IPv4 NEXT_HOP, else (RFC 8950, or an IPv4 next hop
 * in MP_REACH_NLRI) in MP_REACH_NLRI; IPv6 prefixes go in MP_REACH_NLRI, written first (RFC 7606 §5.1) and
 * always with the Extended Length bit so its length can be patched without moving bytes. Withdrawals: IPv4 in
 * Withdrawn Routes, IPv6 in MP_UNREACH_NLRI. ADD-PATH (RFC 7911) path identifiers are written when
 * `ctx.addPathTx` holds the family; missing ids default to 0.
 */
import type { PrefixKey } from '../../lib/prefix.js';
import { encodeAttrs } from './attributes/index.js';
import { writeHeader } from './header.js';
import { AFI, AttrFlag, AttrType, HEADER_LEN, MsgType, SAFI } from './iana.js';
import { nlriSize, writeNlri } from './nlri.js';
import { afiSafiKey, type CodecCtx, type MpReach, type PathAttrs } from './types.js';
import { maxMessageSize } from './update.js';
import { put16 } from './wire.js';

/** An attribute set encoded for reuse across many UPDATEs. */
export interface AttrSet {
  readonly attrs: PathAttrs;
  /** Attribute section for NLRI-field UPDATEs (NEXT_HOP included, MP attributes left out). */
  readonly plain: Uint8Array;
  /** Attribute section for MP_REACH UPDATEs (NEXT_HOP and MP attributes left out). */
  readonly mp: Uint8Array;
}

const MP_HDR = 4; // flags, type, 2-octet length

function isAttrSet(x: AttrSet | PathAttrs): x is AttrSet {
  return (x as AttrSet).plain instanceof Uint8Array && (x as AttrSet).attrs !== undefined;
}

export class UpdatePacker {
  private readonly ctx: CodecCtx;
  private readonly max: number;

  constructor(ctx: CodecCtx) {
    this.ctx = ctx;
    this.max = maxMessageSize(ctx);
  }

  /** Encode `attrs` once (its mpReach/mpUnreach, if any, only give the MP next hop). */
  attrSet(attrs: PathAttrs): AttrSet {
    return {
      attrs,
      plain: encodeAttrs(attrs, this.ctx, { skipMp: true }),
      mp: encodeAttrs(attrs, this.ctx, { skipMp: true, skipNextHop: true }),
    };
  }

  /** UPDATEs announcing `prefixes` (any mix of families) with one attribute set. */
  announce(set: AttrSet | PathAttrs, prefixes: readonly PrefixKey[], pathIds?: readonly number[]): Buffer[] {
    const s = isAttrSet(set) ? set : this.attrSet(set);
    const out: Buffer[] = [];
    this.byFamily(prefixes, pathIds, (afi, keys, ids) => {
      const mp = s.attrs.mpReach;
      if (afi === AFI.IPV4 && (!mp || mp.afi !== AFI.IPV4)) {
        if (s.attrs.nextHop === undefined) throw new Error('IPv4 announcement without NEXT_HOP or MP_REACH next hop');
        this.packPlain(s.plain, keys, ids, out);
      } else {
        if (!mp || mp.afi !== afi) throw new Error(`AFI ${afi} announcement without an MP_REACH_NLRI next hop`);
        this.packMpReach(s.mp, mp, keys, ids, out);
      }
    });
    return out;
  }

  /** UPDATEs withdrawing `prefixes` (any mix of families). */
  withdraw(prefixes: readonly PrefixKey[], pathIds?: readonly number[]): Buffer[] {
    const out: Buffer[] = [];
    this.byFamily(prefixes, pathIds, (afi, keys, ids) => {
      if (afi === AFI.IPV4) this.packWithdrawn(keys, ids, out);
      else this.packMpUnreach(afi, keys, ids, out);
    });
    return out;
  }

  private byFamily(
    keys: readonly PrefixKey[],
    ids: readonly number[] | undefined,
    fn: (afi: 1 | 2, keys: readonly PrefixKey[], ids: readonly number[] | undefined) => void,
  ): void {
    let v4 = 0;
    for (let i = 0; i < keys.length; i++) if (typeof keys[i] === 'number') v4++;
    if (v4 === keys.length || v4 === 0) {
      if (keys.length > 0) fn(v4 > 0 ? AFI.IPV4 : AFI.IPV6, keys, ids);
      return;
    }
    const k4: PrefixKey[] = [];
    const k6: PrefixKey[] = [];
    const i4: number[] = [];
    const i6: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as PrefixKey;
      const isV4 = typeof k === 'number';
      (isV4 ? k4 : k6).push(k);
      if (ids) (isV4 ? i4 : i6).push(ids[i] ?? 0);
    }
    fn(AFI.IPV4, k4, ids ? i4 : undefined);
    fn(AFI.IPV6, k6, ids ? i6 : undefined);
  }

  private addPath(afi: number): boolean {
    return this.ctx.addPathTx.has(afiSafiKey(afi, SAFI.UNICAST));
  }

  /**
   * Split `keys` into runs that fit `room` octets each; `emit(from, to, octets)` builds one message per run.
   */
  private runs(
    keys: readonly PrefixKey[],
    addPath: boolean,
    room: number,
    emit: (from: number, to: number, octets: number) => void,
  ): void {
    if (room < (addPath ? 4 : 0) + 17) throw new RangeError(`attributes leave ${room} octets for NLRI`);
    let i = 0;
    while (i < keys.length) {
      let j = i;
      let used = 0;
      while (j < keys.length) {
        const s = nlriSize(keys[j] as PrefixKey, addPath);
        if (used + s > room) break;
        used += s;
        j++;
      }
      emit(i, j, used);
      i = j;
    }
  }

  private packPlain(
    attrs: Uint8Array,
    keys: readonly PrefixKey[],
    ids: readonly number[] | undefined,
    out: Buffer[],
  ): void {
    const ap = this.addPath(AFI.IPV4);
    const fixed = HEADER_LEN + 4 + attrs.length;
    this.runs(keys, ap, this.max - fixed, (from, to, octets) => {
      const b = Buffer.allocUnsafe(fixed + octets);
      writeHeader(b, b.length, MsgType.UPDATE);
      put16(b, HEADER_LEN, 0);
      put16(b, HEADER_LEN + 2, attrs.length);
      b.set(attrs, HEADER_LEN + 4);
      let pos = fixed;
      for (let i = from; i < to; i++) pos = writeNlri(b, pos, keys[i] as PrefixKey, ap ? (ids?.[i] ?? 0) : undefined);
      out.push(b);
    });
  }

  private packMpReach(
    attrs: Uint8Array,
    mp: MpReach,
    keys: readonly PrefixKey[],
    ids: readonly number[] | undefined,
    out: Buffer[],
  ): void {
    const ap = this.addPath(mp.afi);
    const mpFixed = MP_HDR + 5 + mp.nextHop.length;
    const fixed = HEADER_LEN + 4 + mpFixed + attrs.length;
    this.runs(keys, ap, this.max - fixed, (from, to, octets) => {
      const b = Buffer.allocUnsafe(fixed + octets);
      writeHeader(b, b.length, MsgType.UPDATE);
      put16(b, HEADER_LEN, 0);
      put16(b, HEADER_LEN + 2, mpFixed + octets + attrs.length);
      let pos = HEADER_LEN + 4;
      b[pos] = AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH;
      b[pos + 1] = AttrType.MP_REACH_NLRI;
      put16(b, pos + 2, mpFixed - MP_HDR + octets);
      put16(b, pos + 4, mp.afi);
      b[pos + 6] = SAFI.UNICAST;
      b[pos + 7] = mp.nextHop.length;
      b.set(mp.nextHop, pos + 8);
      pos += 8 + mp.nextHop.length;
      b[pos++] = 0;
      for (let i = from; i < to; i++) pos = writeNlri(b, pos, keys[i] as PrefixKey, ap ? (ids?.[i] ?? 0) : undefined);
      b.set(attrs, pos);
      out.push(b);
    });
  }

  private packWithdrawn(keys: readonly PrefixKey[], ids: readonly number[] | undefined, out: Buffer[]): void {
    const ap = this.addPath(AFI.IPV4);
    const fixed = HEADER_LEN + 4;
    this.runs(keys, ap, this.max - fixed, (from, to, octets) => {
      const b = Buffer.allocUnsafe(fixed + octets);
      writeHeader(b, b.length, MsgType.UPDATE);
      put16(b, HEADER_LEN, octets);
      let pos = HEADER_LEN + 2;
      for (let i = from; i < to; i++) pos = writeNlri(b, pos, keys[i] as PrefixKey, ap ? (ids?.[i] ?? 0) : undefined);
      put16(b, pos, 0);
      out.push(b);
    });
  }

  private packMpUnreach(
    afi: 1 | 2,
    keys: readonly PrefixKey[],
    ids: readonly number[] | undefined,
    out: Buffer[],
  ): void {
    const ap = this.addPath(afi);
    const fixed = HEADER_LEN + 4 + MP_HDR + 3;
    this.runs(keys, ap, this.max - fixed, (from, to, octets) => {
      const b = Buffer.allocUnsafe(fixed + octets);
      writeHeader(b, b.length, MsgType.UPDATE);
      put16(b, HEADER_LEN, 0);
      put16(b, HEADER_LEN + 2, MP_HDR + 3 + octets);
      const at = HEADER_LEN + 4;
      b[at] = AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH;
      b[at + 1] = AttrType.MP_UNREACH_NLRI;
      put16(b, at + 2, 3 + octets);
      put16(b, at + 4, afi);
      b[at + 6] = SAFI.UNICAST;
      let pos = at + 7;
      for (let i = from; i < to; i++) pos = writeNlri(b, pos, keys[i] as PrefixKey, ap ? (ids?.[i] ?? 0) : undefined);
      out.push(b);
    });
  }
}
