import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useDebounced, useResource, useTitle } from '../app/hooks.js';
import { isRecommendationEvent } from '../app/live-messages.js';
import { ModeBadge, StatusBadge } from '../components/Badges.js';
import { Link } from '../components/Link.js';
import { ModeFilter } from '../components/ModeFilter.js';
import { Async, Empty } from '../components/States.js';
import {
  DEFAULT_FILTERS,
  filtersToApiQuery,
  filtersToSearch,
  KNOWN_KINDS,
  KNOWN_SERVICES,
  minSavingsError,
  PAGE_SIZE,
  parseFilters,
  type RecommendationFilters,
  SORT_FIELDS,
  type SortField,
  toggleSort,
  updateFilters,
} from '../lib/filters.js';
import { formatConfidence, formatDateTime, formatMonthly, formatNumber, humanize } from '../lib/format.js';
import { navigate, pathOf } from '../lib/router.js';
import { type Page, RECOMMENDATION_STATUSES, type Recommendation } from '../lib/types.js';

function SortHeader({
  field,
  label,
  filters,
  onSort,
  className,
}: {
  field: SortField;
  label: string;
  filters: RecommendationFilters;
  onSort(field: SortField): void;
  className?: string;
}) {
  const active = filters.sort === field;
  const direction = filters.order === 'asc' ? 'ascending' : 'descending';
  return (
    <th scope="col" className={className} aria-sort={active ? direction : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(field)}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (filters.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
        <span className="visually-hidden">
          {active ? `, sorted ${direction}; activate to reverse` : ', activate to sort'}
        </span>
      </button>
    </th>
  );
}

/** All recommendations: filters, search, sort and pages, all kept in the URL; live. */
export function RecommendationsView({ search }: { search: string }) {
  useTitle('Recommendations');
  const filters = useMemo(() => parseFilters(search), [search]);
  const ids = {
    search: useId(),
    status: useId(),
    kind: useId(),
    service: useId(),
    min: useId(),
    minError: useId(),
    sort: useId(),
  };

  const apply = (next: RecommendationFilters) => {
    const query = filtersToSearch(next);
    navigate(pathOf({ name: 'recommendations', search: query }), { replace: true });
  };
  const change = (part: Partial<RecommendationFilters>) => apply(updateFilters(filters, part));

  // Typing is local; the URL (and the request) follow after a pause.
  const [searchText, setSearchText] = useState(filters.search);
  const [minText, setMinText] = useState(filters.minSavings);
  const debouncedSearch = useDebounced(searchText, 300);
  const debouncedMin = useDebounced(minText, 400);
  const minError = minSavingsError(minText);
  const latest = useRef({ filters, change });
  latest.current = { filters, change };
  useEffect(() => {
    const { filters: now, change: update } = latest.current;
    if (debouncedSearch.trim() !== now.search.trim()) update({ search: debouncedSearch });
  }, [debouncedSearch]);
  useEffect(() => {
    const { filters: now, change: update } = latest.current;
    if (!minSavingsError(debouncedMin) && debouncedMin.trim() !== now.minSavings.trim())
      update({ minSavings: debouncedMin });
  }, [debouncedMin]);
  // Back/Forward changes the URL: follow it.
  useEffect(() => {
    setSearchText((text) => (text.trim() === filters.search.trim() ? text : filters.search));
    setMinText((text) => (text.trim() === filters.minSavings.trim() ? text : filters.minSavings));
  }, [filters.search, filters.minSavings]);

  const query = filtersToApiQuery(filters);
  const state = useResource<Page<Recommendation>>(
    `recommendations?${query.toString()}`,
    (api, signal) => api.get('/api/recommendations', query, signal),
    { refreshOn: isRecommendationEvent, keepPrevious: true, throttleMs: 800 },
  );
  const filtered = filtersToSearch({ ...filters, page: 0, sort: DEFAULT_FILTERS.sort, order: 'desc' }) !== '';

  return (
    <div className="view view-recommendations">
      <div className="view-header">
        <h1>Recommendations</h1>
        <p className="muted">
          Every proposal with its savings, confidence and route; open one to see its calculation.
        </p>
      </div>

      <section className="card filters" aria-label="Filters">
        <ModeFilter value={filters.mode} onChange={(mode) => change({ mode })} />
        <div className="filter-row">
          <div className="field">
            <label htmlFor={ids.search}>Search</label>
            <input
              id={ids.search}
              type="search"
              placeholder="Title, resource id or kind"
              value={searchText}
              maxLength={200}
              onChange={(event) => setSearchText(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.status}>Status</label>
            <select
              id={ids.status}
              value={filters.status}
              onChange={(event) => change({ status: event.target.value as RecommendationFilters['status'] })}
            >
              <option value="">Any status</option>
              <option value="live">Live (open, pending, approved)</option>
              {RECOMMENDATION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {humanize(status)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.kind}>Kind</label>
            <select
              id={ids.kind}
              value={filters.kind}
              onChange={(event) => change({ kind: event.target.value })}
            >
              <option value="">Any kind</option>
              {[...new Set([...KNOWN_KINDS, ...(filters.kind ? [filters.kind] : [])])].map((kind) => (
                <option key={kind} value={kind}>
                  {humanize(kind)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.service}>Service</label>
            <select
              id={ids.service}
              value={filters.service}
              onChange={(event) => change({ service: event.target.value })}
            >
              <option value="">Any service</option>
              {[...new Set([...KNOWN_SERVICES, ...(filters.service ? [filters.service] : [])])].map(
                (service) => (
                  <option key={service} value={service}>
                    {service.toUpperCase()}
                  </option>
                ),
              )}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.min}>Min. savings (USD/month)</label>
            <input
              id={ids.min}
              inputMode="decimal"
              value={minText}
              onChange={(event) => setMinText(event.target.value)}
              aria-invalid={minError ? true : undefined}
              aria-describedby={minError ? ids.minError : undefined}
              placeholder="0"
            />
            {minError ? (
              <p id={ids.minError} className="field-error">
                {minError}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={ids.sort}>Sort by</label>
            <div className="inline">
              <select
                id={ids.sort}
                value={filters.sort}
                onChange={(event) => change({ sort: event.target.value as SortField })}
              >
                {SORT_FIELDS.map((field) => (
                  <option key={field.value} value={field.value}>
                    {field.label}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button-small"
                onClick={() => change({ order: filters.order === 'asc' ? 'desc' : 'asc' })}
                aria-label={`Order: ${filters.order === 'asc' ? 'ascending' : 'descending'}; activate to reverse`}
              >
                {filters.order === 'asc' ? '▲ Asc' : '▼ Desc'}
              </button>
            </div>
          </div>
        </div>
        {filtered ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setSearchText('');
              setMinText('');
              apply(DEFAULT_FILTERS);
            }}
          >
            Clear filters
          </button>
        ) : null}
      </section>

      <section aria-labelledby="results-title" className="card section">
        <h2 id="results-title" className="visually-hidden">
          Results
        </h2>
        <Async
          state={state}
          loadingLabel="Loading recommendations…"
          errorTitle="Could not load recommendations"
        >
          {(page) => {
            const from = page.total === 0 ? 0 : page.offset + 1;
            const to = page.offset + page.items.length;
            const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
            return (
              <>
                <p className="results-count" role="status" aria-live="polite" data-testid="results-count">
                  {page.total === 0
                    ? 'No recommendations match.'
                    : `${formatNumber(from)}–${formatNumber(to)} of ${formatNumber(page.total)} recommendations`}
                  {state.stale ? ' (updating…)' : ''}
                </p>
                {page.items.length === 0 ? (
                  <Empty title="No recommendations match these filters">
                    {filtered ? 'Try fewer filters.' : 'Recommendations appear after the first analysis.'}
                  </Empty>
                ) : (
                  <div className="table-scroll" tabIndex={-1} aria-busy={state.stale}>
                    <table className="rec-table">
                      <caption className="visually-hidden">
                        Recommendations, sorted by{' '}
                        {SORT_FIELDS.find((field) => field.value === filters.sort)?.label}{' '}
                        {filters.order === 'asc' ? 'ascending' : 'descending'}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Recommendation</th>
                          <th scope="col">Mode</th>
                          <th scope="col">Status</th>
                          <SortHeader
                            field="estimatedMonthlySavings"
                            label="Savings"
                            filters={filters}
                            onSort={(field) => apply(toggleSort(filters, field))}
                            className="num"
                          />
                          <SortHeader
                            field="confidence"
                            label="Confidence"
                            filters={filters}
                            onSort={(field) => apply(toggleSort(filters, field))}
                            className="num"
                          />
                          <th scope="col" className="num">
                            Priority
                          </th>
                          <SortHeader
                            field="updatedAt"
                            label="Updated"
                            filters={filters}
                            onSort={(field) => apply(toggleSort(filters, field))}
                          />
                        </tr>
                      </thead>
                      <tbody>
                        {page.items.map((item) => (
                          <tr key={item.id} data-recommendation={item.id} data-status={item.status}>
                            <th scope="row">
                              <Link to={pathOf({ name: 'recommendation', id: item.id })}>{item.title}</Link>
                              <div className="muted small">
                                {item.service.toUpperCase()} · {humanize(item.kind)} ·{' '}
                                <code>{item.resourceId}</code>
                              </div>
                            </th>
                            <td>
                              <ModeBadge mode={item.executionMode} />
                            </td>
                            <td>
                              <StatusBadge status={item.status} />
                            </td>
                            <td className={item.estimatedMonthlySavings < 0 ? 'num text-bad' : 'num'}>
                              {formatMonthly(item.estimatedMonthlySavings, item.currency)}
                            </td>
                            <td className="num">{formatConfidence(item.confidence)}</td>
                            <td className="num">{formatMonthly(item.priority ?? null, item.currency)}</td>
                            <td className="small">{formatDateTime(item.updatedAt)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                {page.total > PAGE_SIZE ? (
                  <nav className="pager" aria-label="Pages">
                    <button
                      type="button"
                      className="button button-small"
                      disabled={filters.page === 0}
                      onClick={() => change({ page: filters.page - 1 })}
                    >
                      Previous page
                    </button>
                    <span>
                      Page {filters.page + 1} of {pages}
                    </span>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={filters.page + 1 >= pages}
                      onClick={() => change({ page: filters.page + 1 })}
                    >
                      Next page
                    </button>
                  </nav>
                ) : null}
              </>
            );
          }}
        </Async>
      </section>
    </div>
  );
}
