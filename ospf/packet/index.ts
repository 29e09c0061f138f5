/**
 * OSPFv2 codec (RFC 2328 Appendix A and D, RFC 5250, RFC 5709): the public surface. Pure: bytes in, typed
 * values or typed errors (`OspfDecodeError`, one `DropReason` each) out; `throw` only for programmer errors.
 */
export { type AuthResult, auTypeOf, type CryptoAlgorithm, trailerLen } from './auth.js';
export { lsaChecksum, packetChecksum, setLsaChecksum, verifyLsaChecksum } from './checksum.js';
export { DROP_REASONS } from './errors.js';
export {
  bodyKindOf,
  decodeLsa,
  decodeLsaHeader,
  encodeLsa,
  isLsaType,
  lsaSize,
  sealLsa,
  setLsaAge,
  writeLsa,
  writeLsaHeader,
} from './lsa.js';
export { opaqueId, opaqueLsid, opaqueType } from './lsa-opaque.js';
export { type DecodedPacket, decodePacket, encodePacket, encodeRawLsUpdate } from './packet.js';
