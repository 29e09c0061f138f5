/**
 * NOTIFICATION (RFC 4271 §4.5): Error code u8, Error subcode u8, Data (variable); and the RFC 9003
 * Shutdown Communication carried in the data of Cease / Administrative Shutdown and Administrative Reset:
 * a length octet then that many octets of UTF-8 (at most 255).
 */
import { err, ok, type Result } from '../../lib/result.js';
import { writeHeader } from './header.js';
import { CeaseSubcode, ErrCode, HEADER_LEN, MsgType, SHUTDOWN_COMMUNICATION_MAX } from './iana.js';
import type { BgpError, NotificationMsg } from './types.js';
import { copyOf } from './wire.js';

/** Decode a whole NOTIFICATION (header checked, so at least 21 octets). Never fails: any code is data. */
export function decodeNotification(msg: Uint8Array): Result<NotificationMsg, BgpError> {
  return ok({
    type: 'notification',
    code: msg[HEADER_LEN] as number,
    subcode: msg[HEADER_LEN + 1] as number,
    data: copyOf(msg, HEADER_LEN + 2, msg.length),
  });
}

export function encodeNotification(m: NotificationMsg): Buffer {
  const b = Buffer.allocUnsafe(HEADER_LEN + 2 + m.data.length);
  writeHeader(b, b.length, MsgType.NOTIFICATION);
  b[HEADER_LEN] = m.code;
  b[HEADER_LEN + 1] = m.subcode;
  b.set(m.data, HEADER_LEN + 2);
  return b;
}

const enc = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Does this code/subcode carry an RFC 9003 Shutdown Communication? */
export function carriesShutdownCommunication(code: number, subcode: number): boolean {
  return (
    code === ErrCode.CEASE &&
    (subcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN || subcode === CeaseSubcode.ADMINISTRATIVE_RESET)
  );
}

/**
 * Data octets for a Shutdown Communication. Text longer than 255 octets of UTF-8 is cut at a character
 * boundary (RFC 9003 §2 caps the length; a truncated message beats none).
 */
export function encodeShutdownCommunication(text: string): Uint8Array {
  let bytes = enc.encode(text);
  if (bytes.length > SHUTDOWN_COMMUNICATION_MAX) {
    let cut = SHUTDOWN_COMMUNICATION_MAX;
    // Step back over UTF-8 continuation octets (10xxxxxx) so no character is split.
    while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--;
    bytes = bytes.subarray(0, cut);
  }
  const out = new Uint8Array(1 + bytes.length);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

/**
 * The Shutdown Communication in NOTIFICATION data. RFC 9003 §4: a length running past the data or invalid
 * UTF-8 makes it malformed; the receiver then just logs the raw data, it does not react with an error.
 */
export function decodeShutdownCommunication(data: Uint8Array): Result<string, string> {
  if (data.length === 0) return ok('');
  const len = data[0] as number;
  if (1 + len > data.length) return err(`length ${len} overruns the ${data.length - 1} data octets`);
  try {
    return ok(strictUtf8.decode(data.subarray(1, 1 + len)));
  } catch {
    // TextDecoder with fatal: true reports bad UTF-8 only by throwing.
    return err('not valid UTF-8');
  }
}

/** Shortcut: a Cease NOTIFICATION with a Shutdown Communication (RFC 9003 §2). */
export function shutdownNotification(subcode: 2 | 4, text: string): NotificationMsg {
  return { type: 'notification', code: ErrCode.CEASE, subcode, data: encodeShutdownCommunication(text) };
}
