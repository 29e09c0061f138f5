/**
 * Result: errors from the network and from user input are values, not exceptions (DESIGN.md §3.4).
 * `throw` is reserved for programmer bugs.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
