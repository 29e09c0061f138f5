/** JSON error bodies: `{ error, message }`, the one shape every failing API call returns. */
import { Type } from '@sinclair/typebox';

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
