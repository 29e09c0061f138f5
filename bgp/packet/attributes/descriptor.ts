/**
 * The shape of one path-attribute descriptor (the codec is table-driven, DESIGN.md §3.8): expected category
 * flags, the RFC 7606 action for a flags conflict, the length/value rules inside `decode`, and the encoder as
 * `size` + `write` so a whole attribute section is allocated once at its exact size.
 */
import type { AsPathSegment, BgpError, CodecCtx, ErrorAction, PathAttrs } from '../types.js';

/** A malformed attribute: the generic loop turns it into a BgpError carrying the raw attribute as data. */
export interface AttrFault {
  subcode: number;
  action: ErrorAction;
  reason: string;
}

export interface AttrDecodeState {
  ctx: CodecCtx;
  attrs: PathAttrs;
  errors: BgpError[];
  /** AS4_PATH / AS4_AGGREGATOR from a 2-octet peer, merged after the loop (RFC 6793 §4.2.3). */
  as4Path?: AsPathSegment[];
  as4Aggregator?: { asn: number; address: number };
}

export interface AttrDescriptor {
  code: number;
  name: string;
  /** Expected Optional and Transitive bits (RFC 4271 §5). */
  flags: number;
  /** RFC 7606 §3 c: a conflicting Optional/Transitive bit means "treat-as-withdraw" unless the attribute says otherwise. */
  flagsAction: ErrorAction;
  /** RFC 7606 §7.5, §7.9, §7.10: discarded when received from an external peer. */
  ebgpDiscard?: boolean;
  /** Decode the value `b[start..end)` into `st.attrs`; a fault leaves the attribute out. */
  decode(b: Uint8Array, start: number, end: number, st: AttrDecodeState): AttrFault | undefined;
  /** Value octets this attribute takes for `a`, or -1 when it is not sent. */
  size(a: PathAttrs, ctx: CodecCtx): number;
  /** Write the value at `b[pos]` (size() octets); returns the new offset. */
  write(b: Uint8Array, pos: number, a: PathAttrs, ctx: CodecCtx): number;
}

export function fault(subcode: number, action: ErrorAction, reason: string): AttrFault {
  return { subcode, action, reason };
}
