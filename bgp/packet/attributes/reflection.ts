/**
 * Route reflection attributes (RFC 4456 §8): ORIGINATOR_ID and CLUSTER_LIST, both optional non-transitive.
 * RFC 7606 §7.9 / §7.10: from an external peer they are discarded ("attribute discard"); from an internal
 * one, a bad length (not 4; not a non-zero multiple of 4) means treat-as-withdraw.
 */
import { AttrType, OPTIONAL_NON_TRANSITIVE, UpdateSubcode } from '../iana.js';
import { get32, put32 } from '../wire.js';
import { fixedU32 } from './basic.js';
import { type AttrDescriptor, fault } from './descriptor.js';

export const ORIGINATOR_ID = fixedU32(
  AttrType.ORIGINATOR_ID,
  'ORIGINATOR_ID',
  OPTIONAL_NON_TRANSITIVE,
  'originatorId',
  true,
);

export const CLUSTER_LIST: AttrDescriptor = {
  code: AttrType.CLUSTER_LIST,
  name: 'CLUSTER_LIST',
  flags: OPTIONAL_NON_TRANSITIVE,
  flagsAction: 'treatAsWithdraw',
  ebgpDiscard: true,
  decode(b, start, end, st) {
    const len = end - start;
    if (len === 0 || len % 4 !== 0)
      return fault(
        UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
        'treatAsWithdraw',
        `length ${len} is not a non-zero multiple of 4`,
      );
    const out: number[] = new Array(len / 4);
    for (let i = 0; i < out.length; i++) out[i] = get32(b, start + i * 4);
    st.attrs.clusterList = out;
    return undefined;
  },
  // An empty list would encode a malformed (zero-length) attribute: it means absent.
  size: (a) => (a.clusterList?.length ? a.clusterList.length * 4 : -1),
  write(b, pos, a) {
    for (const c of a.clusterList as number[]) {
      put32(b, pos, c);
      pos += 4;
    }
    return pos;
  },
};
