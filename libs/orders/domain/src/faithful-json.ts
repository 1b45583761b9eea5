import { OrderPath, type Reason } from './reasons';

/** A UTF-16 code unit of a surrogate pair standing alone: in `u` mode a well-formed pair is one code point. */
const loneSurrogate = /\p{Surrogate}/u;

/** False for a string holding a lone surrogate (ill-formed UTF-16: no UTF-8 encoding, no e-mail or store keeps it). */
export const isWellFormedText = (text: string): boolean => !loneSurrogate.test(text);

/**
 * A field name that JavaScript objects treat specially: an assignment of `__proto__` sets the object's prototype
 * instead of a field, so a copy of the order would lose the field silently (the DynamoDB marshaller drops it).
 */
const PrototypeKey = '__proto__';

const fieldPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/**
 * What in a JSON value cannot be stored and sent on as it was received, each with its path: strings and field names
 * that are not well-formed Unicode, and fields named `__proto__`. Iterative: a hostile value nests thousands deep.
 */
export const unfaithfulJsonReasons = (value: unknown): Reason[] => {
  const reasons: Reason[] = [];
  const pending: Array<readonly [string, unknown]> = [['', value]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [path, next] = entry;
    if (typeof next === 'string' && !isWellFormedText(next))
      reasons.push({ path: path || OrderPath, message: 'is not well-formed Unicode text (it holds a lone UTF-16 surrogate)' });
    if (next === null || typeof next !== 'object') continue;
    for (const [key, child] of Object.entries(next)) {
      if (!isWellFormedText(key)) reasons.push({ path: path || OrderPath, message: 'has a field name that is not well-formed Unicode text (a lone UTF-16 surrogate)' });
      else if (key === PrototypeKey) reasons.push({ path: fieldPath(path, key), message: 'is a field name JavaScript objects treat specially, which the store cannot keep; rename the field' });
      pending.push([fieldPath(path, key), child]);
    }
  }
  return reasons.reverse();
};
