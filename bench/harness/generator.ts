/**
 * The generator's pre-encoded traffic (pure): a session's unique prefixes packed by the project's
 * UpdatePacker into full UPDATEs (4096 octets: no extended messages, RFC 8654) with one shared attribute set
 * — ORIGIN IGP, AS_PATH (the sender's AS), NEXT_HOP (the sender's address) — and the matching withdrawals,
 * each concatenated into one buffer so a session's blast is one write.
 */
import { UpdatePacker } from '../../bgp/packet/index.js';
import type { CodecCtx, PathAttrs } from '../../bgp/packet/types.js';
import { prefixKeys } from './prefixes.js';
import type { SenderSession } from './protocol.js';

/** Every daemon under test negotiates 4-octet AS (RFC 6793); the sender checks that it did. */
export const GENERATOR_CTX: CodecCtx = {
  fourOctetAs: true,
  extendedMessage: false,
  addPathRx: new Set(),
  addPathTx: new Set(),
  ibgp: false,
};

export interface Planned {
  s: SenderSession;
  announce: Buffer;
  withdraw: Buffer;
  /** UPDATE messages in `announce`. */
  messages: number;
}

export function plan(s: SenderSession, nextHop: number): Planned {
  const packer = new UpdatePacker(GENERATOR_CTX);
  const attrs: PathAttrs = { origin: 0, asPath: [{ type: 2, asns: [s.localAs] }], nextHop };
  const keys = prefixKeys(s.first, s.count);
  const ann = packer.announce(packer.attrSet(attrs), keys);
  const wd = packer.withdraw(keys);
  return { s, announce: Buffer.concat(ann), withdraw: Buffer.concat(wd), messages: ann.length };
}
