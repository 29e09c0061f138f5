/**
 * BGP-4 codec entry points (RFC 4271 §4): `decodeMessage(msg, ctx)` for one whole message as the Framer hands
 * it out, and `encodeMessage(m, ctx)`. Pure: bytes in, typed values or typed errors out.
 *
 * Error convention (errors.ts): `err` with action `reset` means "send notificationFor(error) and close";
 * an `err` with a weaker action means "drop this message silently"; UPDATE findings that still allow
 * processing are in `UpdateMsg.errors`.
 */
import { err, type Result } from '../../lib/result.js';
import { headerError, u16Data } from './errors.js';
import { checkHeader, writeHeader } from './header.js';
import { HEADER_LEN, HeaderSubcode, MsgType } from './iana.js';
import { decodeNotification, encodeNotification } from './notification.js';
import { decodeOpen, encodeOpen } from './open.js';
import { decodeRouteRefresh, encodeRouteRefresh } from './route-refresh.js';
import type { BgpError, BgpMsg, CodecCtx } from './types.js';
import { decodeUpdate, encodeUpdate, maxMessageSize } from './update.js';

export { ATTRIBUTES, attrsSize, descriptorFor, encodeAttrs, writeAttrs } from './attributes/index.js';
export { decodeCapabilities, encodeCapability } from './capability.js';
export {
  actionRank,
  bgpError,
  ERROR_ACTIONS,
  headerError,
  notificationFor,
  openError,
  stronger,
  strongest,
  updateError,
} from './errors.js';
export { Framer } from './framer.js';
export { checkHeader, writeHeader } from './header.js';
export { nlriSize as nlriSizeOf } from './nlri.js';
export {
  carriesShutdownCommunication,
  decodeShutdownCommunication,
  encodeShutdownCommunication,
  shutdownNotification,
} from './notification.js';
export { decodeOpen, encodeOpen } from './open.js';
export { type AttrSet, UpdatePacker } from './pack.js';
export { decodeRouteRefresh, encodeRouteRefresh } from './route-refresh.js';
export { decodeUpdate, encodeUpdate, endOfRib, isEndOfRib, isMartianV4, maxMessageSize } from './update.js';

/** A plain KEEPALIVE (RFC 4271 §4.4): the header alone. */
export function encodeKeepalive(): Buffer {
  const b = Buffer.allocUnsafe(HEADER_LEN);
  writeHeader(b, HEADER_LEN, 4);
  return b;
}

/** Decode one whole message (header included). The header is checked again, so any buffer is safe here. */
export function decodeMessage(msg: Uint8Array, ctx: CodecCtx): Result<BgpMsg, BgpError> {
  if (msg.length < HEADER_LEN)
    return err(headerError(HeaderSubcode.BAD_MESSAGE_LENGTH, `message of ${msg.length} octets`, u16Data(msg.length)));
  const h = checkHeader(msg, 0, maxMessageSize(ctx));
  if (!h.ok) return h;
  if (h.value.length !== msg.length)
    return err(
      headerError(
        HeaderSubcode.BAD_MESSAGE_LENGTH,
        `length field ${h.value.length} but ${msg.length} octets`,
        u16Data(h.value.length),
      ),
    );
  switch (h.value.type) {
    case MsgType.OPEN:
      return decodeOpen(msg);
    case MsgType.UPDATE:
      return decodeUpdate(msg, ctx);
    case MsgType.NOTIFICATION:
      return decodeNotification(msg);
    case MsgType.KEEPALIVE:
      return { ok: true, value: { type: 'keepalive' } };
    default:
      return decodeRouteRefresh(msg);
  }
}

export function encodeMessage(m: BgpMsg, ctx: CodecCtx): Buffer {
  switch (m.type) {
    case 'open':
      return encodeOpen(m);
    case 'update':
      return encodeUpdate(m, ctx);
    case 'notification':
      return encodeNotification(m);
    case 'keepalive':
      return encodeKeepalive();
    case 'route-refresh':
      return encodeRouteRefresh(m);
  }
}
