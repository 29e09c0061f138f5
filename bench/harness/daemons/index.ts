/** The daemons under test, by name. */
import { bird } from './bird.js';
import { frr } from './frr.js';
import { gobgp } from './gobgp.js';
import { noverlay } from './noverlay.js';
import type { DaemonDriver, DaemonName } from './types.js';

export const DRIVERS: Record<DaemonName, DaemonDriver> = { noverlay, frr, bird, gobgp };
export type { DaemonDriver, DaemonName, RolePlan, RunningDaemon } from './types.js';
export { DAEMONS } from './types.js';
