/**
 * NLRI encoding (RFC 4271 §4.3, RFC 4760 §5: <length in bits, prefix octets>; RFC 7911 §3: a 4-octet Path
 * Identifier before each prefix when ADD-PATH is in use).
 *
 * Hot path: IPv4 prefixes decode straight to numeric `PrefixKey`s pushed into a caller-owned array (no
 * per-prefix objects); IPv6 ones become the 17-char keys of lib/prefix.ts. Host bits beyond the length are
 * cleared ("the value of trailing bits is irrelevant", RFC 4271 §4.3). A prefix longer than the family
 * allows, or one that overruns its field, makes the field unparsable: RFC 7606 §5.3 says session reset.
 */
import type { PrefixKey } from '../../lib/prefix.js';

/** Decode IPv4 prefixes in `b[pos..end)` into `keys` (and `ids`, when ADD-PATH). Returns an error reason. */
export function decodeV4Nlri(
  b: Uint8Array,
  pos: number,
  end: number,
  keys: number[],
  ids: number[] | undefined,
): string | undefined {
  while (pos < end) {
    if (ids) {
      if (pos + 4 > end) return 'truncated path identifier';
      ids.push(
        (((b[pos] as number) << 24) |
          ((b[pos + 1] as number) << 16) |
          ((b[pos + 2] as number) << 8) |
          (b[pos + 3] as number)) >>>
          0,
      );
      pos += 4;
      if (pos >= end) return 'path identifier without a prefix';
    }
    const len = b[pos++] as number;
    if (len > 32) return `IPv4 prefix length ${len} > 32`;
    const n = (len + 7) >> 3;
    if (pos + n > end) return `IPv4 prefix of length ${len} overruns the field`;
    let a = 0;
    // Octets beyond the field end are never read: n <= end - pos was checked above.
    switch (n) {
      case 4:
        a =
          ((b[pos] as number) << 24) |
          ((b[pos + 1] as number) << 16) |
          ((b[pos + 2] as number) << 8) |
          (b[pos + 3] as number);
        break;
      case 3:
        a = ((b[pos] as number) << 24) | ((b[pos + 1] as number) << 16) | ((b[pos + 2] as number) << 8);
        break;
      case 2:
        a = ((b[pos] as number) << 24) | ((b[pos + 1] as number) << 16);
        break;
      case 1:
        a = (b[pos] as number) << 24;
        break;
    }
    pos += n;
    const masked = len === 0 ? 0 : (a & (0xffffffff << (32 - len))) >>> 0;
    keys.push(masked * 64 + len);
  }
  return undefined;
}

/** Decode IPv6 prefixes in `b[pos..end)` into 17-char keys. Returns an error reason. */
export function decodeV6Nlri(
  b: Uint8Array,
  pos: number,
  end: number,
  keys: string[],
  ids: number[] | undefined,
): string | undefined {
  const a = new Uint8Array(16);
  while (pos < end) {
    if (ids) {
      if (pos + 4 > end) return 'truncated path identifier';
      ids.push(
        (((b[pos] as number) << 24) |
          ((b[pos + 1] as number) << 16) |
          ((b[pos + 2] as number) << 8) |
          (b[pos + 3] as number)) >>>
          0,
      );
      pos += 4;
      if (pos >= end) return 'path identifier without a prefix';
    }
    const len = b[pos++] as number;
    if (len > 128) return `IPv6 prefix length ${len} > 128`;
    const n = (len + 7) >> 3;
    if (pos + n > end) return `IPv6 prefix of length ${len} overruns the field`;
    a.fill(0);
    a.set(b.subarray(pos, pos + n));
    pos += n;
    if (len & 7) a[n - 1] = (a[n - 1] as number) & (0xff << (8 - (len & 7)));
    keys.push(
      String.fromCharCode(
        a[0] as number,
        a[1] as number,
        a[2] as number,
        a[3] as number,
        a[4] as number,
        a[5] as number,
        a[6] as number,
        a[7] as number,
        a[8] as number,
        a[9] as number,
        a[10] as number,
        a[11] as number,
        a[12] as number,
        a[13] as number,
        a[14] as number,
        a[15] as number,
        len,
      ),
    );
  }
  return undefined;
}

/** Octets `key` takes on the wire (plus 4 with a path identifier). */
export function nlriSize(key: PrefixKey, addPath: boolean): number {
  const len = typeof key === 'number' ? key % 64 : key.charCodeAt(16);
  return 1 + ((len + 7) >> 3) + (addPath ? 4 : 0);
}

export function nlriListSize(keys: readonly PrefixKey[], addPath: boolean): number {
  let n = 0;
  for (let i = 0; i < keys.length; i++) n += nlriSize(keys[i] as PrefixKey, addPath);
  return n;
}

/** Write one prefix (with its path identifier when `pathId` is given) at `b[pos]`; returns the new offset. */
export function writeNlri(b: Uint8Array, pos: number, key: PrefixKey, pathId: number | undefined): number {
  if (pathId !== undefined) {
    b[pos] = (pathId >>> 24) & 0xff;
    b[pos + 1] = (pathId >>> 16) & 0xff;
    b[pos + 2] = (pathId >>> 8) & 0xff;
    b[pos + 3] = pathId & 0xff;
    pos += 4;
  }
  if (typeof key === 'number') {
    const len = key % 64;
    const a = (key - len) / 64;
    b[pos++] = len;
    if (len > 0) b[pos++] = a >>> 24;
    if (len > 8) b[pos++] = (a >>> 16) & 0xff;
    if (len > 16) b[pos++] = (a >>> 8) & 0xff;
    if (len > 24) b[pos++] = a & 0xff;
    return pos;
  }
  const len = key.charCodeAt(16);
  b[pos++] = len;
  const n = (len + 7) >> 3;
  for (let i = 0; i < n; i++) b[pos++] = key.charCodeAt(i);
  return pos;
}

/** Write a list of prefixes; `pathIds` (when ADD-PATH) defaults each missing id to 0. */
export function writeNlriList(
  b: Uint8Array,
  pos: number,
  keys: readonly PrefixKey[],
  addPath: boolean,
  pathIds: readonly number[] | undefined,
): number {
  for (let i = 0; i < keys.length; i++)
    pos = writeNlri(b, pos, keys[i] as PrefixKey, addPath ? (pathIds?.[i] ?? 0) : undefined);
  return pos;
}
