/**
 * The OSPFv2 interface and neighbor state machines (RFC 2328 §9, §10): the public surface for the instance
 * and its driver. See interface.ts and neighbor.ts for the tables, hello.ts for §10.5, election.ts for §9.4.
 */
export { type Candidate, type ElectionResult, electDesignatedRouter } from './election.js';
export {
  buildHello,
  checkHello,
  type HelloDropReason,
  type HelloOutcome,
  type HelloSource,
  processHello,
} from './hello.js';
export { acceptsAllDRouters, helloDelayMs, IF_TIMER_EVENT, initialInterface, stepInterface } from './interface.js';
export {
  cryptoSeqAcceptable,
  NBR_TIMER_EVENT,
  newNeighbor,
  noteCryptoSeq,
  onRequestList,
  requestMatch,
  shouldBeAdjacent,
  stepNeighbor,
} from './neighbor.js';
export { compareInstances, LsRequestList, lsaKey, type RequestMatch } from './request-list.js';
export * from './types.js';
