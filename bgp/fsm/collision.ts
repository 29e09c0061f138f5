/**
 * Connection collision resolution (RFC 4271 §6.8, RFC 6286 §2.3) as a pure function.
 *
 * When both speakers open a TCP connection to each other at once, each side ends up with two connections for
 * one peering: the one it initiated ("outgoing") and the one the peer initiated ("incoming"). Only one survives;
 * the other is closed with a NOTIFICATION Cease / Connection Collision Resolution (6/7, RFC 4486).
 *
 * The comparison (RFC 4271 §6.8 step 1): BGP Identifiers are compared "by converting them to host byte order
 * and treating them as 4-octet unsigned integers". Our identifiers are already that: the u32 read big-endian
 * from the OPEN (the codec's `bgpId`), so 10.0.0.2 > 10.0.0.1 and 192.0.2.1 > 10.255.255.255. We normalise
 * with `>>> 0` so a value that went through signed bit operations still compares as unsigned.
 *
 * - local id > remote id: keep the connection WE initiated (outgoing), close the incoming one;
 * - local id < remote id: keep the connection the PEER initiated (incoming), close ours;
 * - equal ids (possible between ASes since RFC 6286): the connection initiated by the speaker with the larger
 *   AS number survives (RFC 6286 §2.3). Equal ids inside one AS are refused by the OPEN check, never resolved.
 * - a connection already Established is kept and the new one closed (RFC 4271 §6.8: "Unless allowed via
 *   configuration"), unless `preferNew` says otherwise (e.g. the peer restarted, RFC 4724 §4.2).
 */
import { CEASE_CONNECTION_COLLISION, ERR_CEASE } from './codes.js';

export type ConnDirection = 'outgoing' | 'incoming';

export interface CollisionInput {
  localBgpId: number;
  remoteBgpId: number;
  /** ASes, for the RFC 6286 tie-break when the identifiers are equal. */
  localAs: number;
  remoteAs: number;
  /** Which connection, if any, is already Established (it is kept unless preferNew). */
  established?: ConnDirection;
  /** Close an Established connection in favour of the new one instead. */
  preferNew?: boolean;
}

export interface CollisionResult {
  keep: ConnDirection;
  close: ConnDirection;
  /** The NOTIFICATION to send on the closed connection (feed OpenCollisionDump to its FSM). */
  notification: { code: number; subcode: number; data: Uint8Array };
}

function other(d: ConnDirection): ConnDirection {
  return d === 'outgoing' ? 'incoming' : 'outgoing';
}

/** Which of the two colliding connections to keep. */
export function resolveCollision(i: CollisionInput): CollisionResult {
  let keep: ConnDirection;
  if (i.established !== undefined) {
    keep = i.preferNew ? other(i.established) : i.established;
  } else {
    const local = i.localBgpId >>> 0;
    const remote = i.remoteBgpId >>> 0;
    if (local !== remote) keep = local > remote ? 'outgoing' : 'incoming';
    else keep = i.localAs >>> 0 > i.remoteAs >>> 0 ? 'outgoing' : 'incoming';
  }
  return {
    keep,
    close: other(keep),
    notification: { code: ERR_CEASE, subcode: CEASE_CONNECTION_COLLISION, data: new Uint8Array(0) },
  };
}
