/** JSON error bodies: `{ error, message }`, the one shape every failing API call returns. */
import { Type } from '@sinclair/typebox';
import { type PrefixKey, parsePrefix } from '../lib/prefix.js';

export const ErrorBody = Type.Object(
  { error: Type.String({ description: 'machine-readable code' }), message: Type.String() },
  { $id: 'ErrorBody' },
);

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An optional `prefix` query parameter as a key; a malformed one is a 400 naming the reason. */
export function prefixQuery(text: string | undefined): PrefixKey | undefined {
  if (text === undefined) return undefined;
  const r = parsePrefix(text);
  if (!r.ok) throw new ApiError(400, 'bad-request', `prefix: ${r.error}`);
  return r.value;
}
