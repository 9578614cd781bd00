import { formatConfidence, formatMonthly, humanize } from '../lib/format.js';
import { pathOf } from '../lib/router.js';
import type { Recommendation } from '../lib/types.js';
import { ModeBadge, StatusBadge } from './Badges.js';
import { Link } from './Link.js';

/** Recommendations as a compact list of cards (the executive view's top 6). */
export function RecommendationCards({ items }: { items: readonly Recommendation[] }) {
  return (
    <ol className="rec-cards">
      {items.map((recommendation, index) => (
        <li key={recommendation.id} className="card rec-card" data-recommendation={recommendation.id}>
          <div className="rec-card-head">
            <span className="rank">
              <span className="visually-hidden">Priority rank </span>
              {index + 1}
            </span>
            <Link to={pathOf({ name: 'recommendation', id: recommendation.id })} className="rec-title">
              {recommendation.title}
            </Link>
          </div>
          <div className="badges">
            <ModeBadge mode={recommendation.executionMode} />
            <StatusBadge status={recommendation.status} />
            <span className="badge badge-outline">{humanize(recommendation.kind)}</span>
          </div>
          <dl className="rec-figures">
            <div>
              <dt>Savings</dt>
              <dd className={recommendation.estimatedMonthlySavings < 0 ? 'text-bad' : 'text-good'}>
                {formatMonthly(recommendation.estimatedMonthlySavings, recommendation.currency)}
              </dd>
            </div>
            <div>
              <dt>Confidence</dt>
              <dd>{formatConfidence(recommendation.confidence)}</dd>
            </div>
            <div>
              <dt>Priority</dt>
              <dd>{formatMonthly(recommendation.priority ?? null, recommendation.currency)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}
