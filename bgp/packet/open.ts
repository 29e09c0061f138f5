/**
 * OPEN message (RFC 4271 §4.2) with Capabilities (RFC 5492) and extended optional parameters (RFC 9072).
 *
 *   +-+-+-+-+-+-+-+-+
 *   |    Version    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     My Autonomous System      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Hold Time           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         BGP Identifier                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Opt Parm Len  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |             Optional Parameters (variable)                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Only structure is checked here (errors are OPEN Message Error, subcode 0); the semantic checks of RFC 4271
 * §6.2 (version, peer AS, hold time, identifier, unsupported parameters) belong to the session FSM.
 */
import { Reader, Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import { decodeCapabilities, encodeCapability } from './capability.js';
import { openError } from './errors.js';
import { writeHeader } from './header.js';
import { HEADER_LEN, MsgType, OpenSubcode, OptParam } from './iana.js';
import type { BgpError, Capability, OpenMsg } from './types.js';
import { copyOf } from './wire.js';

const malformed = (why: string) => err(openError(OpenSubcode.UNSPECIFIC, why));

/** Decode a whole OPEN message (header included; the header was checked by the caller). */
export function decodeOpen(msg: Uint8Array): Result<OpenMsg, BgpError> {
  const r = new Reader(msg, HEADER_LEN);
  const version = r.u8();
  const myAs = r.u16();
  const holdTime = r.u16();
  const bgpId = r.u32();
  const optLen = r.u8();
  if (!version.ok || !myAs.ok || !holdTime.ok || !bgpId.ok || !optLen.ok) return malformed('truncated OPEN');
  const m: OpenMsg = {
    type: 'open',
    version: version.value,
    myAs: myAs.value,
    holdTime: holdTime.value,
    bgpId: bgpId.value,
    capabilities: [],
    otherParams: [],
  };
  // RFC 9072 §2: a Non-Ext OP Len of 255 followed by a Non-Ext OP Type of 255 announces the extended encoding.
  let extended = false;
  let paramsLen = optLen.value;
  if (optLen.value === 255 && r.left >= 1 && msg[r.absolute] === OptParam.EXTENDED_LENGTH) {
    r.skip(1);
    const ext = r.u16();
    if (!ext.ok) return malformed('truncated RFC 9072 extended optional parameters length');
    extended = true;
    paramsLen = ext.value;
  }
  if (paramsLen !== r.left)
    return malformed(`optional parameters length ${paramsLen} does not match the ${r.left} octets that follow`);
  const e = decodeParams(r, extended, m);
  return e ? err(e) : ok(m);
}

function decodeParams(r: Reader, extended: boolean, m: OpenMsg): BgpError | undefined {
  while (!r.done) {
    const type = r.u8();
    const len = extended ? r.u16() : r.u8();
    if (!type.ok || !len.ok) return openError(OpenSubcode.UNSPECIFIC, 'truncated optional parameter header');
    const v = r.bytes(len.value);
    if (!v.ok) return openError(OpenSubcode.UNSPECIFIC, `optional parameter ${type.value} overruns the OPEN`);
    if (type.value === OptParam.CAPABILITIES) {
      const c = decodeCapabilities(v.value, m.capabilities);
      if (!c.ok) return c.error;
    } else {
      m.otherParams.push({ type: type.value, value: copyOf(v.value, 0, v.value.length) });
    }
  }
  return undefined;
}

/** Encode an OPEN; the RFC 9072 extended form is used only when the parameters exceed 255 octets. */
export function encodeOpen(m: OpenMsg): Buffer {
  const caps = new Writer(128);
  for (const c of m.capabilities) encodeCapability(caps, c as Capability);
  const capBytes = caps.finish();
  const params: { type: number; value: Uint8Array }[] = [];
  if (capBytes.length > 0) params.push({ type: OptParam.CAPABILITIES, value: capBytes });
  params.push(...m.otherParams);
  let plain = 0;
  for (const p of params) plain += 2 + p.value.length;
  const extended = plain > 255;
  const w = new Writer(HEADER_LEN + 16 + plain);
  w.zeros(HEADER_LEN).u8(m.version).u16(m.myAs).u16(m.holdTime).u32(m.bgpId);
  if (extended) {
    // RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, Extended Opt. Parm. Length, then u16 lengths.
    w.u8(255)
      .u8(OptParam.EXTENDED_LENGTH)
      .u16(plain + params.length);
    for (const p of params) w.u8(p.type).u16(p.value.length).bytes(p.value);
  } else {
    w.u8(plain);
    for (const p of params) w.u8(p.type).u8(p.value.length).bytes(p.value);
  }
  const b = w.finish();
  if (b.length > 4096) throw new RangeError(`OPEN of ${b.length} octets exceeds 4096`);
  writeHeader(b, b.length, MsgType.OPEN);
  return b;
}
