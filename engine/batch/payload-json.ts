import type { JsonValue } from '../model/index.ts';

/** JSON text of each shared item projection (engine/pipeline/personalize.ts freezes and reuses them). */
const itemJson = new WeakMap<object, string>();

/**
 * JSON.stringify of a personalization's data, byte for byte, with the items of a recommendations
 * payload serialized once per run rather than once per individual: the payload's `recommendations`
 * are shared frozen projections, so their text is cached by object. Anything else (manual content
 * with merge fields) is stringified as it is.
 */
export function payloadJson(data: Record<string, JsonValue>): string {
  const recs = data['recommendations'];
  if (!Array.isArray(recs) || !isOnlyKey(data, 'recommendations')) return JSON.stringify(data);
  let out = '{"recommendations":[';
  for (let i = 0; i < recs.length; i++) {
    const item = recs[i];
    if (i > 0) out += ',';
    if (item !== null && typeof item === 'object' && Object.isFrozen(item)) {
      let text = itemJson.get(item);
      if (text === undefined) {
        text = JSON.stringify(item);
        itemJson.set(item, text);
      }
      out += text;
    } else out += JSON.stringify(item) ?? 'null';
  }
  return out + ']}';
}

function isOnlyKey(o: object, key: string): boolean {
  let n = 0;
  for (const k in o) {
    if (k !== key) return false;
    n++;
  }
  return n === 1;
}
