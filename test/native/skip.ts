/**
 * Tests that need the native addon skip, with the reason, when it is not built; where the netns tests are
 * required (CI sets NOVERLAY_REQUIRE_NETNS=1, after `npm ci` built the addon) a missing addon fails instead.
 */
import { nativeProblem } from '../../native/index.js';

export function nativeSkip(): string | false {
  const problem = nativeProblem();
  if (problem === undefined || process.env.NOVERLAY_REQUIRE_NETNS === '1') return false;
  return `native addon not built (${problem})`;
}
