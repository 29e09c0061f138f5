/**
 * ROUTE-REFRESH (RFC 2918 §3) with the RFC 7313 §3.2 Message Subtype in the former Reserved octet:
 *
 *   0       7      15      23      31
 *   +-------+-------+-------+-------+
 *   |      AFI      | Subtyp| SAFI  |
 *   +-------+-------+-------+-------+
 *
 * RFC 7313 §5: a BoRR/EoRR whose length is not 4 (after the header) is ROUTE-REFRESH Message Error / Invalid
 * Message Length; a subtype other than 0, 1 or 2 means "ignore the message" — returned as an `err` with the
 * action `attributeDiscard` (drop, send nothing). A normal request longer than 4 octets carries RFC 5291 ORF
 * entries, which we do not support: they are ignored.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { bgpError, routeRefreshError } from './errors.js';
import { writeHeader } from './header.js';
import { ErrCode, HEADER_LEN, MsgType, RouteRefreshErrSubcode } from './iana.js';
import type { BgpError, RouteRefreshMsg } from './types.js';
import { copyOf, get16, put16 } from './wire.js';

export function decodeRouteRefresh(msg: Uint8Array): Result<RouteRefreshMsg, BgpError> {
  const afi = get16(msg, HEADER_LEN);
  const subtype = msg[HEADER_LEN + 2] as number;
  const safi = msg[HEADER_LEN + 3] as number;
  if (subtype > 2)
    return err(
      bgpError(
        ErrCode.ROUTE_REFRESH_MESSAGE,
        0,
        'attributeDiscard',
        `unknown ROUTE-REFRESH subtype ${subtype}: ignored (RFC 7313 §5)`,
      ),
    );
  if (subtype !== 0 && msg.length !== HEADER_LEN + 4)
    return err(
      routeRefreshError(
        RouteRefreshErrSubcode.INVALID_MESSAGE_LENGTH,
        `BoRR/EoRR of length ${msg.length}`,
        copyOf(msg, 0, msg.length),
      ),
    );
  return ok({ type: 'route-refresh', afi, subtype: subtype as 0 | 1 | 2, safi });
}

export function encodeRouteRefresh(m: RouteRefreshMsg): Buffer {
  const b = Buffer.allocUnsafe(HEADER_LEN + 4);
  writeHeader(b, b.length, MsgType.ROUTE_REFRESH);
  put16(b, HEADER_LEN, m.afi);
  b[HEADER_LEN + 2] = m.subtype;
  b[HEADER_LEN + 3] = m.safi;
  return b;
}
