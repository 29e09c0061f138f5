/**
 * OSPFv2 architectural constants (RFC 2328 Appendix B) used by the link-state database, origination and SPF.
 * Times are in seconds as in the RFC; `*_MS` variants are for arithmetic against the injected Clock.
 */

/** Appendix B: refresh self-originated LSAs when their age reaches this (§12.4). */
export const LS_REFRESH_TIME = 1800;
/** Appendix B: an LSA is not originated more often than this (§12.4). */
export const MIN_LS_INTERVAL = 5;
/** Appendix B: a newer instance arriving sooner than this after the previous one is discarded (§13 step 5a). */
export const MIN_LS_ARRIVAL = 1;
/** Appendix B: the maximum age of an LSA; at MaxAge it is flushed (§14). */
export const MAX_AGE = 3600;
/** Appendix B: ages differing by more than this mean different instances (§13.1). */
export const MAX_AGE_DIFF = 900;
/** Appendix B: the metric meaning "unreachable" in summary- and AS-external-LSAs. */
export const LS_INFINITY = 0xffffff;
/** §12.1.6: sequence numbers are signed; 0x80000000 is reserved (unused). */
export const INITIAL_SEQUENCE_NUMBER = -0x7fffffff;
export const MAX_SEQUENCE_NUMBER = 0x7fffffff;

export const LS_REFRESH_TIME_MS = LS_REFRESH_TIME * 1000;
export const MIN_LS_INTERVAL_MS = MIN_LS_INTERVAL * 1000;
export const MIN_LS_ARRIVAL_MS = MIN_LS_ARRIVAL * 1000;

/** Router-LSA flags (§A.4.2). */
export const ROUTER_FLAG_B = 0x01;
export const ROUTER_FLAG_E = 0x02;
export const ROUTER_FLAG_V = 0x04;
