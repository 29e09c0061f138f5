/**
 * Capabilities Optional Parameter values (RFC 5492 §4): a sequence of <code u8, length u8, value>.
 *
 * Known: multiprotocol (RFC 4760 §8), route refresh (RFC 2918, and the pre-standard code 128), extended next
 * hop (RFC 8950 §3), extended message (RFC 8654), graceful restart (RFC 4724 §3 + N bit RFC 8538 §2), 4-octet
 * AS (RFC 6793), ADD-PATH (RFC 7911 §4), enhanced route refresh (RFC 7313), FQDN (code 73, as FRR sends it:
 * hostname length u8, hostname, domain length u8, domain). Anything else is kept as `unknown` for the session
 * to ignore (RFC 5492 §4: an unrecognized capability is ignored).
 */
import { Reader, type Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import { openError } from './errors.js';
import { CapCode, GR_AFI_FORWARDING, GR_NOTIFICATION, GR_RESTART_STATE, GR_TIME_MASK, OpenSubcode } from './iana.js';
import type { BgpError, Capability } from './types.js';
import { copyOf } from './wire.js';

const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

type CapResult = Result<Capability, string>;

/** Decode the value of one Capabilities parameter (it may hold several capabilities, RFC 5492 §4). */
export function decodeCapabilities(value: Uint8Array, out: Capability[] = []): Result<Capability[], BgpError> {
  const r = new Reader(value);
  while (!r.done) {
    const code = r.u8();
    const len = r.u8();
    if (!code.ok || !len.ok) return err(openError(OpenSubcode.UNSPECIFIC, 'truncated capability header'));
    const v = r.bytes(len.value);
    if (!v.ok)
      return err(
        openError(OpenSubcode.UNSPECIFIC, `capability ${code.value} length ${len.value} overruns its parameter`),
      );
    const c = decodeCapability(code.value, v.value);
    if (!c.ok) return err(openError(OpenSubcode.UNSPECIFIC, `capability ${code.value}: ${c.error}`));
    out.push(c.value);
  }
  return ok(out);
}

function exact(v: Uint8Array, n: number, cap: Capability): CapResult {
  return v.length === n ? ok(cap) : err(`length ${v.length}, expected ${n}`);
}

export function decodeCapability(code: number, v: Uint8Array): CapResult {
  switch (code) {
    case CapCode.MULTIPROTOCOL:
      // RFC 4760 §8: AFI u16, reserved u8, SAFI u8.
      if (v.length !== 4) return err(`length ${v.length}, expected 4`);
      return ok({ kind: 'multiprotocol', afi: ((v[0] as number) << 8) | (v[1] as number), safi: v[3] as number });
    case CapCode.ROUTE_REFRESH:
      return exact(v, 0, { kind: 'route-refresh' });
    case CapCode.ROUTE_REFRESH_OLD:
      return exact(v, 0, { kind: 'route-refresh-old' });
    case CapCode.EXTENDED_MESSAGE:
      return exact(v, 0, { kind: 'extended-message' });
    case CapCode.ENHANCED_ROUTE_REFRESH:
      return exact(v, 0, { kind: 'enhanced-route-refresh' });
    case CapCode.FOUR_OCTET_AS:
      if (v.length !== 4) return err(`length ${v.length}, expected 4`);
      return ok({ kind: 'four-octet-as', asn: new DataView(v.buffer, v.byteOffset, 4).getUint32(0) });
    case CapCode.EXTENDED_NEXT_HOP:
      return decodeExtendedNextHop(v);
    case CapCode.GRACEFUL_RESTART:
      return decodeGracefulRestart(v);
    case CapCode.ADD_PATH:
      return ok(decodeAddPath(v) ?? { kind: 'unknown', code, value: copyOf(v, 0, v.length) });
    case CapCode.FQDN:
      return decodeFqdn(v);
    default:
      return ok({ kind: 'unknown', code, value: copyOf(v, 0, v.length) });
  }
}

/** RFC 8950 §3: entries of NLRI AFI u16, NLRI SAFI u16, Nexthop AFI u16. */
function decodeExtendedNextHop(v: Uint8Array): CapResult {
  if (v.length % 6 !== 0) return err(`length ${v.length} is not a multiple of 6`);
  const d = new DataView(v.buffer, v.byteOffset, v.length);
  const entries: { afi: number; safi: number; nhAfi: number }[] = [];
  for (let i = 0; i < v.length; i += 6)
    entries.push({ afi: d.getUint16(i), safi: d.getUint16(i + 2), nhAfi: d.getUint16(i + 4) });
  return ok({ kind: 'extended-nexthop', entries });
}

/** RFC 4724 §3: Restart Flags (4 bits) + Restart Time (12 bits), then AFI u16, SAFI u8, Flags u8 per family. */
function decodeGracefulRestart(v: Uint8Array): CapResult {
  if (v.length < 2 || (v.length - 2) % 4 !== 0) return err(`length ${v.length} is not 2 + 4n`);
  const d = new DataView(v.buffer, v.byteOffset, v.length);
  const head = d.getUint16(0);
  const afis: { afi: number; safi: number; forwarding: boolean }[] = [];
  for (let i = 2; i < v.length; i += 4)
    afis.push({
      afi: d.getUint16(i),
      safi: d.getUint8(i + 2),
      forwarding: (d.getUint8(i + 3) & GR_AFI_FORWARDING) !== 0,
    });
  return ok({
    kind: 'graceful-restart',
    restarting: (head & GR_RESTART_STATE) !== 0,
    notification: (head & GR_NOTIFICATION) !== 0,
    restartTime: head & GR_TIME_MASK,
    afis,
  });
}

/**
 * RFC 7911 §4: AFI u16, SAFI u8, Send/Receive u8. "If any other value is received, then the capability SHOULD be
 * treated as not understood and ignored" — we return undefined and the caller keeps it as `unknown`.
 */
function decodeAddPath(v: Uint8Array): Capability | undefined {
  if (v.length % 4 !== 0) return undefined;
  const entries: { afi: number; safi: number; sendReceive: 1 | 2 | 3 }[] = [];
  for (let i = 0; i < v.length; i += 4) {
    const sr = v[i + 3] as number;
    if (sr !== 1 && sr !== 2 && sr !== 3) return undefined;
    entries.push({ afi: ((v[i] as number) << 8) | (v[i + 1] as number), safi: v[i + 2] as number, sendReceive: sr });
  }
  return { kind: 'add-path', entries };
}

/** FQDN capability (draft-walton-bgp-hostname-capability): hostname len u8, hostname, domain len u8, domain. */
function decodeFqdn(v: Uint8Array): CapResult {
  const r = new Reader(v);
  const hl = r.u8();
  if (!hl.ok) return err('empty FQDN capability');
  const h = r.bytes(hl.value);
  if (!h.ok) return err('hostname overruns the capability');
  let domain = '';
  // Some senders stop after the hostname; a missing domain reads as empty.
  if (!r.done) {
    const dl = r.u8();
    const dv = dl.ok ? r.bytes(dl.value) : undefined;
    if (!dv?.ok) return err('domain overruns the capability');
    domain = utf8.decode(dv.value);
  }
  if (!r.done) return err('trailing octets after the domain name');
  return ok({ kind: 'fqdn', hostname: utf8.decode(h.value), domain });
}

/** Append one capability (code, length, value) to `w`. Programmer errors (e.g. a 300-octet hostname) throw. */
export function encodeCapability(w: Writer, c: Capability): void {
  switch (c.kind) {
    case 'multiprotocol':
      return void w.u8(CapCode.MULTIPROTOCOL).u8(4).u16(c.afi).u8(0).u8(c.safi);
    case 'route-refresh':
      return void w.u8(CapCode.ROUTE_REFRESH).u8(0);
    case 'route-refresh-old':
      return void w.u8(CapCode.ROUTE_REFRESH_OLD).u8(0);
    case 'extended-message':
      return void w.u8(CapCode.EXTENDED_MESSAGE).u8(0);
    case 'enhanced-route-refresh':
      return void w.u8(CapCode.ENHANCED_ROUTE_REFRESH).u8(0);
    case 'four-octet-as':
      return void w.u8(CapCode.FOUR_OCTET_AS).u8(4).u32(c.asn);
    case 'extended-nexthop':
      w.u8(CapCode.EXTENDED_NEXT_HOP).u8(checkLen(c.entries.length * 6));
      for (const e of c.entries) w.u16(e.afi).u16(e.safi).u16(e.nhAfi);
      return;
    case 'graceful-restart': {
      w.u8(CapCode.GRACEFUL_RESTART).u8(checkLen(2 + c.afis.length * 4));
      const flags = (c.restarting ? GR_RESTART_STATE : 0) | (c.notification ? GR_NOTIFICATION : 0);
      w.u16(flags | (c.restartTime & GR_TIME_MASK));
      for (const a of c.afis)
        w.u16(a.afi)
          .u8(a.safi)
          .u8(a.forwarding ? GR_AFI_FORWARDING : 0);
      return;
    }
    case 'add-path':
      w.u8(CapCode.ADD_PATH).u8(checkLen(c.entries.length * 4));
      for (const e of c.entries) w.u16(e.afi).u8(e.safi).u8(e.sendReceive);
      return;
    case 'fqdn': {
      const h = utf8enc.encode(c.hostname);
      const d = utf8enc.encode(c.domain);
      if (h.length > 255 || d.length > 255) throw new RangeError('FQDN capability: name longer than 255 octets');
      w.u8(CapCode.FQDN)
        .u8(checkLen(2 + h.length + d.length))
        .u8(h.length)
        .bytes(h)
        .u8(d.length)
        .bytes(d);
      return;
    }
    case 'unknown':
      w.u8(c.code).u8(checkLen(c.value.length)).bytes(c.value);
      return;
  }
}

function checkLen(n: number): number {
  if (n > 255) throw new RangeError(`capability value of ${n} octets does not fit its 1-octet length`);
  return n;
}
