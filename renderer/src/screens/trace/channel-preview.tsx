import { useState } from 'react';
import type { DecisionResponse, Personalization } from '../../../../engine/model/decision.ts';
import type { PointTrace } from '../../../../engine/model/trace.ts';
import type { JsonValue } from '../../../../engine/model/json.ts';

const str = (v: JsonValue | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
const price = (v: JsonValue | undefined): string => (typeof v === 'number' ? `$${v.toFixed(2)}` : str(v));
/** Only http(s) images are shown (the payload is data, not markup). */
const safeUrl = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' && /^https:\/\//i.test(v) ? v : undefined;

function ProductCard({ item, images }: { item: Record<string, JsonValue>; images: boolean }) {
  const img = safeUrl(item.imageUrl);
  const name = str(item.name) || str(item.itemId);
  return (
    <div className="card" data-testid="product-card">
      <div className="card-img">
        {images && img ? (
          <img src={img} alt={name} referrerPolicy="no-referrer" />
        ) : (
          <span>
            {name
              .split(/\s+/)
              .slice(0, 2)
              .map((w) => w[0])
              .join('')}
          </span>
        )}
      </div>
      <div className="card-body">
        <div className="card-name">{name}</div>
        {item.price !== undefined ? <div className="card-price">{price(item.price)}</div> : null}
        {item.url ? (
          <span className="card-link" title={str(item.url)}>
            Shop now ›
          </span>
        ) : null}
      </div>
    </div>
  );
}

function Block({ p, trace, images }: { p: Personalization; trace: PointTrace | undefined; images: boolean }) {
  const fallback = trace?.outcome === 'fallback';
  const recs = Array.isArray(p.data.recommendations) ? (p.data.recommendations as Record<string, JsonValue>[]) : null;
  const img = safeUrl(p.data.imageUrl);
  return (
    <div className="email-body" data-testid={`preview-${p.personalizationPointId}`}>
      <div className="block-caption" title="Not part of the email: which point filled this block">
        {p.personalizationPointId} · {p.contentId}
      </div>
      {fallback ? <span className="fallback-note">Fallback content ({p.contentId}): no decision qualified</span> : null}
      {recs ? (
        <>
          <h2>Picked for you</h2>
          {recs.length === 0 ? <p>No product to show.</p> : null}
          <div className="cards">
            {recs.map((item, i) => (
              <ProductCard key={i} item={item} images={images} />
            ))}
          </div>
        </>
      ) : (
        <>
          {p.data.imageUrl !== undefined ? (
            images && img ? (
              <img className="banner-img" src={img} alt="" referrerPolicy="no-referrer" />
            ) : (
              <div className="banner-img" />
            )
          ) : null}
          {p.data.headline !== undefined ? <h2>{str(p.data.headline)}</h2> : null}
          {p.data.body !== undefined ? <p>{str(p.data.body)}</p> : null}
          {Object.entries(p.data)
            .filter(([k]) => !['headline', 'body', 'imageUrl', 'ctaUrl'].includes(k))
            .map(([k, v]) => (
              <p key={k}>
                <span className="muted">{k}: </span>
                {str(v)}
              </p>
            ))}
          {p.data.ctaUrl !== undefined ? (
            <span className="cta" title={str(p.data.ctaUrl)}>
              Shop now
            </span>
          ) : null}
        </>
      )}
    </div>
  );
}

/**
 * The response as the email block a recipient would see: manual content as a banner with its
 * merge fields filled in, recommendations as product cards, the fallback marked. Remote images are
 * off by default, as in mail clients (and so nothing is fetched from the internet unasked).
 */
export function ChannelPreview({
  response,
  points,
  recipient,
}: {
  response: DecisionResponse;
  points: PointTrace[];
  recipient: string;
}) {
  const [images, setImages] = useState(false);
  return (
    <div data-testid="channel-preview">
      <label className="check">
        <input type="checkbox" checked={images} onChange={(e) => setImages(e.target.checked)} /> Load remote images
      </label>
      <div className="email-frame">
        <div className="email">
          <div className="email-head">
            To: <strong>{recipient}</strong> · Subject: Your picks this week
          </div>
          {response.personalizations.length === 0 ? (
            <div className="email-body">
              <p>No personalization: this block would be left out of the email.</p>
            </div>
          ) : null}
          {response.personalizations.map((p) => (
            <Block
              key={p.personalizationPointId}
              p={p}
              trace={points.find((t) => t.personalizationPointId === p.personalizationPointId)}
              images={images}
            />
          ))}
          {response.errors?.map((e) => (
            <div key={e.personalizationPointId} className="email-body">
              <span className="fallback-note">
                {e.personalizationPointId}: {e.code} — the block would be left out
              </span>
            </div>
          ))}
          <div className="email-foot">You receive this email because you opted in. Unsubscribe · Preferences</div>
        </div>
      </div>
    </div>
  );
}
