/**
 * Designated Router and Backup Designated Router election (RFC 2328 §9.4) as a pure function over the
 * router itself and its bidirectional neighbors on one broadcast network.
 *
 * "Declaring itself" is read from the Hello fields: a router declares itself DR when the Designated Router
 * field of its Hello equals its own interface address, BDR when the Backup field does (and the DR field does
 * not). The calculating router's own declarations are the interface's current DR and BDR, which is also what
 * its Hellos say. The hysteresis of the algorithm (an existing DR is kept, a new BDR is only chosen once the
 * old one took over) comes from giving declared routers precedence.
 */

/** One router on the list (§9.4): the calculating router or a neighbor in state 2-Way or higher. */
export interface Candidate {
  routerId: number;
  /** Interface address on this network: the identity the Hello's DR and BDR fields use. */
  address: number;
  priority: number;
  /** Designated Router and Backup this router currently lists in its Hellos (addresses, 0 = none). */
  dr: number;
  bdr: number;
}

export interface ElectionResult {
  /** Addresses, 0 = none. */
  dr: number;
  bdr: number;
  /** Router IDs, 0 = none. */
  drId: number;
  bdrId: number;
  /** Step 4 ran: this router's own role changed in the first pass, so steps 2 and 3 were repeated. */
  secondPass: boolean;
}

/** Highest Router Priority, then highest Router ID (§9.4 steps 2 and 3). */
function better(a: Candidate, b: Candidate): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.routerId >>> 0 > b.routerId >>> 0;
}

function best(list: readonly Candidate[], pick: (c: Candidate) => boolean): Candidate | undefined {
  let win: Candidate | undefined;
  for (const c of list) if (pick(c) && (win === undefined || better(c, win))) win = c;
  return win;
}

const declaresDr = (c: Candidate): boolean => c.dr === c.address;
const declaresBdr = (c: Candidate): boolean => c.bdr === c.address && c.dr !== c.address;

/** Steps 2 and 3 over the eligible list. */
function calculate(list: readonly Candidate[]): { dr: Candidate | undefined; bdr: Candidate | undefined } {
  // Step 2: only routers not declaring themselves DR may be BDR; declared BDRs first.
  const notDr = (c: Candidate): boolean => !declaresDr(c);
  const bdr = best(list, (c) => notDr(c) && declaresBdr(c)) ?? best(list, notDr);
  // Step 3: a declared DR keeps the role; with none, the new BDR becomes DR.
  const dr = best(list, declaresDr) ?? bdr;
  return { dr, bdr };
}

/**
 * §9.4: the DR and BDR as `self` (Router X) calculates them. `neighbors` are the neighbors in state 2-Way or
 * higher; `self.dr` and `self.bdr` are the interface's current values (step 1). Routers with priority 0 are
 * discarded from the list.
 */
export function electDesignatedRouter(self: Candidate, neighbors: readonly Candidate[]): ElectionResult {
  const others = neighbors.filter((n) => n.priority > 0);
  const eligible = self.priority > 0;
  const list = eligible ? [self, ...others] : others;
  let { dr, bdr } = calculate(list);
  // Step 4: X newly DR or BDR, or no longer: repeat steps 2 and 3 with X declaring its new role, so it can
  // never be both (X as DR is no longer eligible for BDR).
  const wasDr = self.dr === self.address;
  const wasBdr = self.bdr === self.address;
  const isDr = dr === self;
  const isBdr = bdr === self;
  const secondPass = wasDr !== isDr || wasBdr !== isBdr;
  if (secondPass) {
    const me: Candidate = { ...self, dr: dr?.address ?? 0, bdr: bdr?.address ?? 0 };
    const again = calculate(eligible ? [me, ...others] : others);
    dr = again.dr === me ? self : again.dr;
    bdr = again.bdr === me ? self : again.bdr;
  }
  return {
    dr: dr?.address ?? 0,
    bdr: bdr?.address ?? 0,
    drId: dr?.routerId ?? 0,
    bdrId: bdr?.routerId ?? 0,
    secondPass,
  };
}
