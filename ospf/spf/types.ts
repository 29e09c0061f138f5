/**
 * Inputs and outputs of the OSPFv2 routing table calculation (RFC 2328 §11, §16).
 */
import type { PrefixKey } from '../../lib/prefix.js';

/** One of our OSPF interfaces, as SPF needs it to name outgoing interfaces and next-hop addresses. */
export interface SpfInterface {
  /** Interface name (or index as text): what next hops carry as `ifIndexOrName`. */
  name: string;
  area: number;
  /** Our address on it (u32); 0 for an unnumbered point-to-point interface. */
  address: number;
  mask: number;
  /** MIB-II ifIndex: the Link Data of an unnumbered point-to-point link in our router-LSA (§12.4.1.1). */
  ifIndex?: number;
  /** Neighbors heard on this interface (Hello source addresses): the next-hop address on point-to-point links. */
  neighbors?: readonly { routerId: number; address: number }[];
}

export interface OspfNexthop {
  /** Next-hop address (u32); 0 = directly attached (forward on the interface). */
  readonly address: number;
  readonly ifIndexOrName: string;
}

export type OspfPathType = 'intra' | 'inter' | 'e1' | 'e2';

/** A network route (§11): the best path type, its cost and every equal-cost next hop. */
export interface OspfRoute {
  readonly type: OspfPathType;
  /** Intra/inter/E1: the total cost. E2: the cost to the ASBR or forwarding address (the tie-breaker). */
  readonly cost: number;
  /** E2 only: the type 2 external metric, compared first (§16.4 step 6). */
  readonly type2Cost?: number;
  /** The area of the path (for external routes, the area of the path to the ASBR or forwarding address). */
  readonly area: number;
  /** Sorted by interface then address; shared between routes, never mutate. */
  readonly nexthops: readonly OspfNexthop[];
}

/** A router route (§11): how to reach an area border router or an AS boundary router. */
export interface RouterRoute {
  readonly routerId: number;
  readonly area: number;
  readonly type: 'intra' | 'inter';
  readonly cost: number;
  /** B bit (intra-area routes only: summary-LSAs are not used to reach ABRs). */
  readonly abr: boolean;
  /** E bit, or reached through a type-4 summary-LSA. */
  readonly asbr: boolean;
  readonly nexthops: readonly OspfNexthop[];
}

export interface SpfAreaStats {
  area: number;
  /** Router and network vertices built from the area's LSAs. */
  vertices: number;
  /** Directed links that passed the §16.1 two-way check. */
  edges: number;
  /** Vertices on the shortest-path tree. */
  reached: number;
}

export interface SpfResult {
  routes: Map<PrefixKey, OspfRoute>;
  /** Router ID -> one entry per area (and path type) it is reachable through. */
  routers: Map<number, RouterRoute[]>;
  areas: SpfAreaStats[];
}
