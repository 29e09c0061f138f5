/**
 * BGP errors as values: which NOTIFICATION to send (code, subcode, data, RFC 4271 §6) and what to do about it
 * (the RFC 7606 §2 action). The decoders only build errors through these constructors.
 *
 * Convention for `decodeMessage` results: an `err` whose action is `reset` (or `afiSafiDisable`) ends the
 * session with the NOTIFICATION it describes; an `err` with a weaker action means "drop this message, send
 * nothing" (e.g. a ROUTE-REFRESH with an unknown subtype, RFC 7313 §5). Findings that let an UPDATE still be
 * processed go into `UpdateMsg.errors` instead.
 */

import { ErrCode } from './iana.js';
import type { BgpError, ErrorAction, NotificationMsg } from './types.js';

const EMPTY = new Uint8Array(0);

/** RFC 7606 §2 approaches, weakest first. */
const RANK: Readonly<Record<ErrorAction, number>> = {
  attributeDiscard: 0,
  treatAsWithdraw: 1,
  afiSafiDisable: 2,
  reset: 3,
};

export const ERROR_ACTIONS: readonly ErrorAction[] = ['attributeDiscard', 'treatAsWithdraw', 'afiSafiDisable', 'reset'];

export function actionRank(a: ErrorAction): number {
  return RANK[a];
}

/** The stronger of two errors (RFC 7606 §3: "unless some other, more severe error is encountered"); ties keep `a`. */
export function stronger(a: BgpError, b: BgpError): BgpError;
export function stronger(a: BgpError | undefined, b: BgpError | undefined): BgpError | undefined;
export function stronger(a: BgpError | undefined, b: BgpError | undefined): BgpError | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.action] > RANK[a.action] ? b : a;
}

/** The strongest error of a list, or undefined for an empty list. */
export function strongest(errors: readonly BgpError[]): BgpError | undefined {
  let best: BgpError | undefined;
  for (const e of errors) best = stronger(best, e);
  return best;
}

export function bgpError(
  code: number,
  subcode: number,
  action: ErrorAction,
  reason: string,
  data: Uint8Array = EMPTY,
  attrType?: number,
): BgpError {
  const e: BgpError = { code, subcode, data, action, reason };
  if (attrType !== undefined) e.attrType = attrType;
  return e;
}

/** Message Header Error (RFC 4271 §6.1): always a session reset. */
export function headerError(subcode: number, reason: string, data: Uint8Array = EMPTY): BgpError {
  return bgpError(ErrCode.MESSAGE_HEADER, subcode, 'reset', reason, data);
}

/** OPEN Message Error (RFC 4271 §6.2): always a session reset. */
export function openError(subcode: number, reason: string, data: Uint8Array = EMPTY): BgpError {
  return bgpError(ErrCode.OPEN_MESSAGE, subcode, 'reset', reason, data);
}

/** UPDATE Message Error (RFC 4271 §6.3) with its RFC 7606 action. */
export function updateError(
  subcode: number,
  action: ErrorAction,
  reason: string,
  data: Uint8Array = EMPTY,
  attrType?: number,
): BgpError {
  return bgpError(ErrCode.UPDATE_MESSAGE, subcode, action, reason, data, attrType);
}

/** ROUTE-REFRESH Message Error (RFC 7313 §5). */
export function routeRefreshError(subcode: number, reason: string, data: Uint8Array = EMPTY): BgpError {
  return bgpError(ErrCode.ROUTE_REFRESH_MESSAGE, subcode, 'reset', reason, data);
}

/** The NOTIFICATION a session sends for an error whose action is a reset. */
export function notificationFor(e: BgpError): NotificationMsg {
  return { type: 'notification', code: e.code, subcode: e.subcode, data: e.data };
}

/** Data octets holding a big-endian u16 (e.g. the bad Length field of RFC 4271 §6.1). */
export function u16Data(v: number): Uint8Array {
  return Uint8Array.of((v >>> 8) & 0xff, v & 0xff);
}
