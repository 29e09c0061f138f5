/**
 * BGP message header (RFC 4271 §4.1) and its checks (RFC 4271 §6.1, RFC 8654 §4).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                           Marker (16 octets of 0xff)          +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Length               |      Type     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { err, ok, type Result } from '../../lib/result.js';
import { headerError, u16Data } from './errors.js';
import { HEADER_LEN, HeaderSubcode, MARKER_LEN, MAX_MSG_LEN, MIN_MSG_LEN, MsgType } from './iana.js';
import type { BgpError } from './types.js';
import { put16 } from './wire.js';

export interface Header {
  length: number;
  type: number;
}

/**
 * Check the 19 header octets at `h[at..at+19)` (the caller guarantees they exist). `maxLen` is 4096, or 65535
 * after RFC 8654 extended messages were negotiated; OPEN stays limited to 4096 (RFC 8654 §3).
 */
export function checkHeader(h: Uint8Array, at: number, maxLen: number): Result<Header, BgpError> {
  for (let i = 0; i < MARKER_LEN; i++) {
    if (h[at + i] !== 0xff)
      return err(headerError(HeaderSubcode.CONNECTION_NOT_SYNCHRONIZED, 'marker is not all ones'));
  }
  const length = ((h[at + 16] as number) << 8) | (h[at + 17] as number);
  const type = h[at + 18] as number;
  const badLength = (why: string) =>
    err(headerError(HeaderSubcode.BAD_MESSAGE_LENGTH, `bad message length ${length}: ${why}`, u16Data(length)));
  if (length < HEADER_LEN) return badLength('shorter than the header');
  if (length > maxLen) return badLength(`longer than the maximum ${maxLen}`);
  const min = MIN_MSG_LEN[type];
  if (min === undefined)
    return err(headerError(HeaderSubcode.BAD_MESSAGE_TYPE, `unknown message type ${type}`, Uint8Array.of(type)));
  if (length < min) return badLength(`type ${type} needs at least ${min} octets`);
  if (type === MsgType.KEEPALIVE && length !== HEADER_LEN) return badLength('a KEEPALIVE is exactly 19 octets');
  if (type === MsgType.OPEN && length > MAX_MSG_LEN) return badLength('an OPEN is at most 4096 octets (RFC 8654 §3)');
  return ok({ length, type });
}

/** Write the marker, length and type into `b[0..19)`. */
export function writeHeader(b: Uint8Array, length: number, type: number): void {
  b.fill(0xff, 0, MARKER_LEN);
  put16(b, 16, length);
  b[18] = type;
}
