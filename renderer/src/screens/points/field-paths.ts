import type { DecisionContent, PersonalizationPoint } from '../../../../engine/model/index.ts';

/** `base.key` or `base["key"]`, as the service writes JSON paths. */
export const child = (base: string, key: string | number): string =>
  typeof key === 'number'
    ? `${base}[${key}]`
    : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
      ? `${base}.${key}`
      : `${base}[${JSON.stringify(key)}]`;

function contentPaths(base: string, content: DecisionContent, templateFields: readonly string[]): string[] {
  const c = child(base, 'content');
  const out = [c, child(c, 'type')];
  if (content.type === 'manual') {
    const values = child(c, 'values');
    out.push(values, ...[...new Set([...templateFields, ...Object.keys(content.values)])].map((n) => child(values, n)));
  } else out.push(child(c, 'recommender'), child(c, 'itemCount'));
  return out;
}

/**
 * Every JSON path (relative to the point) that has a place in the editor; a problem is shown at the
 * longest of these it lies under, so each validation message lands on its field (a test checks each
 * one is rendered). Problems under none of them are listed at the top of the editor.
 */
export function editorFieldPaths(point: PersonalizationPoint): string[] {
  const out = [
    '$.apiName',
    '$.label',
    '$.type',
    '$.profileDataGraph',
    '$.source',
    '$.active',
    '$.responseTemplate',
    '$.decisions',
  ];
  if (point.type === 'recommendations') out.push('$.itemDataGraph');
  const templateFields = point.responseTemplate.fields.map((f) => f.name);
  point.decisions.forEach((d, i) => {
    const b = `$.decisions[${i}]`;
    out.push(
      b,
      child(b, 'id'),
      child(b, 'label'),
      child(b, 'priority'),
      child(b, 'targetingRule'),
      ...contentPaths(b, d.content, templateFields),
    );
  });
  if (point.experiment) {
    const e = '$.experiment';
    out.push(e, `${e}.key`, `${e}.label`, `${e}.active`, `${e}.trafficPercent`, `${e}.variants`);
    point.experiment.variants.forEach((_, i) => {
      const v = `${e}.variants[${i}]`;
      out.push(v, `${v}.key`, `${v}.weight`, `${v}.decision`, `${v}.control`);
    });
  }
  if (point.fallback)
    out.push(
      '$.fallback',
      '$.fallback.id',
      '$.fallback.label',
      ...contentPaths('$.fallback', point.fallback.content, templateFields),
    );
  return out;
}
