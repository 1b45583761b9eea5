import { canonicalJson, sha256Hex } from './canonical-json';
import { Order } from './order';

/** SHA-256 (hex) of the order's canonical JSON: the same order in any key order has the same hash. */
export const contentHash = (order: Order): string => sha256Hex(canonicalJson(order));
