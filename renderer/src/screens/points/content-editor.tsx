import type {
  DecisionContent,
  MergeFieldTrace,
  PersonalizationPoint,
  Recommender,
} from '../../../../engine/model/index.ts';
import { FormField } from '../../components/form-field.tsx';
import { FieldProblems } from '../../components/problems.tsx';
import { Badge } from '../../components/ui.tsx';
import { child } from './field-paths.ts';
import { MergePreview } from './merge-preview.tsx';

export interface ContentEditorProps {
  /** JSON path of the decision (or fallback) the content belongs to. */
  base: string;
  point: PersonalizationPoint;
  content: DecisionContent;
  onChange: (content: DecisionContent) => void;
  recommenders: Recommender[];
  /** Merge fields as resolved for the test individual, when this decision was the one served. */
  resolved?: { individualId: string; mergeFields: MergeFieldTrace[] } | undefined;
}

/** Manual content (template values with merge-field preview) or recommendations (recommender, item count, its filters). */
export function ContentEditor({ base, point, content, onChange, recommenders, resolved }: ContentEditorProps) {
  const c = child(base, 'content');
  if (content.type === 'manual') {
    const values = child(c, 'values');
    return (
      <div data-path={c}>
        <div className="sub-title">Manual content</div>
        <FieldProblems path={c} />
        <FieldProblems path={child(c, 'type')} />
        <FieldProblems path={values} />
        <div className="stack">
          {point.responseTemplate.fields.map((f) => {
            const v = content.values[f.name];
            const path = child(values, f.name);
            const set = (nv: string | number | boolean | null) => {
              const next = { ...content.values };
              if (nv === '' && !f.required) delete next[f.name];
              else next[f.name] = nv;
              onChange({ ...content, values: next });
            };
            const trace = resolved?.mergeFields.find((m) => m.field === f.name);
            return (
              <FormField
                key={f.name}
                path={path}
                label={
                  <>
                    {f.name}{' '}
                    <span className="muted">
                      ({f.type}
                      {f.required ? ', required' : ''})
                    </span>
                  </>
                }
              >
                {f.type === 'boolean' ? (
                  <input
                    type="checkbox"
                    aria-label={f.name}
                    checked={v === true}
                    onChange={(e) => set(e.target.checked)}
                  />
                ) : f.type === 'number' ? (
                  <input
                    inputMode="decimal"
                    aria-label={f.name}
                    value={v === undefined || v === null ? '' : String(v)}
                    onChange={(e) =>
                      set(
                        e.target.value === ''
                          ? ''
                          : Number.isFinite(Number(e.target.value))
                            ? Number(e.target.value)
                            : e.target.value,
                      )
                    }
                  />
                ) : (
                  <input
                    aria-label={f.name}
                    value={v === undefined || v === null ? '' : String(v)}
                    onChange={(e) => set(e.target.value)}
                  />
                )}
                {typeof v === 'string' ? (
                  <MergePreview
                    template={v}
                    resolved={trace ? String(trace.value ?? '') : undefined}
                    individualId={resolved?.individualId}
                    missing={trace?.missing}
                  />
                ) : null}
              </FormField>
            );
          })}
          {Object.keys(content.values)
            .filter((k) => !point.responseTemplate.fields.some((f) => f.name === k))
            .map((k) => (
              <FormField
                key={k}
                path={child(values, k)}
                label={
                  <>
                    {k} <Badge tone="bad">not in the response template</Badge>
                  </>
                }
              >
                <div className="row">
                  <input aria-label={k} value={String(content.values[k] ?? '')} readOnly />
                  <button
                    type="button"
                    className="small danger"
                    onClick={() => {
                      const next = { ...content.values };
                      delete next[k];
                      onChange({ ...content, values: next });
                    }}
                  >
                    Remove
                  </button>
                </div>
              </FormField>
            ))}
        </div>
      </div>
    );
  }
  const usable = recommenders.filter((r) => !point.itemDataGraph || r.itemDataGraph === point.itemDataGraph);
  const rec = recommenders.find((r) => r.apiName === content.recommender);
  return (
    <div data-path={c}>
      <div className="sub-title">Recommendations</div>
      <FieldProblems path={c} />
      <FieldProblems path={child(c, 'type')} />
      <div className="fields">
        <FormField path={child(c, 'recommender')} label="Recommender">
          <select
            aria-label="Recommender"
            value={content.recommender}
            onChange={(e) => onChange({ ...content, recommender: e.target.value })}
          >
            {rec ? null : <option value={content.recommender}>{content.recommender} (unknown)</option>}
            {usable.map((r) => (
              <option key={r.apiName} value={r.apiName}>
                {r.label} · {r.type}
              </option>
            ))}
          </select>
        </FormField>
        <FormField path={child(c, 'itemCount')} label="Items per response" hint="limit 24">
          <input
            type="number"
            min={1}
            max={24}
            aria-label="Items per response"
            value={content.itemCount}
            onChange={(e) => onChange({ ...content, itemCount: Number(e.target.value) })}
          />
        </FormField>
      </div>
      {rec ? <RecommenderSummary rec={rec} /> : null}
    </div>
  );
}

/** What the chosen recommender does: strategy or objective, filters, exclusions, boosts, backfill. */
export function RecommenderSummary({ rec }: { rec: Recommender }) {
  const f = rec.filters;
  const filters = [
    f.inStockOnly ? 'in stock only' : null,
    f.contextCategory ? "the request context's category" : null,
    f.priceMin !== undefined || f.priceMax !== undefined ? `price ${f.priceMin ?? 0}–${f.priceMax ?? '∞'}` : null,
    ...f.attributes.map((a) => `${a.field} = ${JSON.stringify(a.equals)}`),
  ].filter((x): x is string => x !== null);
  const e = rec.exclusions;
  const exclusions = [
    e.purchasedWithinDays !== null ? `purchased in the last ${e.purchasedWithinDays} days` : null,
    e.inCart ? 'in the cart' : null,
    e.anchor ? 'the anchor item' : null,
  ].filter((x): x is string => x !== null);
  return (
    <table className="data kv recommender-summary" data-testid="recommender-summary">
      <tbody>
        <tr>
          <td>Kind</td>
          <td>
            {rec.type === 'rules-based' ? (
              <>
                rules-based · <strong>{rec.strategy}</strong>
                {rec.calculatedInsight ? (
                  <>
                    {' '}
                    from CI <span className="mono">{rec.calculatedInsight}</span>
                  </>
                ) : null}{' '}
                · window {rec.windowDays} days
              </>
            ) : (
              <>
                objective-based · <strong>{rec.objective}</strong> · trained on {rec.trainingWindowDays} days
              </>
            )}
          </td>
        </tr>
        <tr>
          <td>Filters</td>
          <td>{filters.join(' · ') || 'none'}</td>
        </tr>
        <tr>
          <td>Excludes</td>
          <td>{exclusions.join(' · ') || 'nothing'}</td>
        </tr>
        {rec.boosts.length > 0 ? (
          <tr>
            <td>Boosts</td>
            <td>{rec.boosts.map((b) => `${b.field} = ${JSON.stringify(b.equals)} ×${b.multiplier}`).join(' · ')}</td>
          </tr>
        ) : null}
        {rec.backfill ? (
          <tr>
            <td>Backfill</td>
            <td className="mono">{rec.backfill}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
