import type { RecommendationStatus } from './types.js';
import { RECOMMENDATION_STATUSES } from './types.js';

/** The execution-mode filter of the executive view and the table. */
export type ModeFilter = 'all' | 'autonomous' | 'hitl' | 'pending';
export const MODE_FILTERS: readonly { value: ModeFilter; label: string; description: string }[] = [
  { value: 'all', label: 'All', description: 'every recommendation' },
  { value: 'autonomous', label: 'Autonomous', description: 'policy lets these run on their own' },
  { value: 'hitl', label: 'HITL', description: 'a person must approve these (human in the loop)' },
  { value: 'pending', label: 'Pending', description: 'waiting for an approval now' },
];

export type SortField = 'estimatedMonthlySavings' | 'confidence' | 'updatedAt' | 'createdAt';
export const SORT_FIELDS: readonly { value: SortField; label: string }[] = [
  { value: 'estimatedMonthlySavings', label: 'Savings' },
  { value: 'confidence', label: 'Confidence' },
  { value: 'updatedAt', label: 'Last update' },
  { value: 'createdAt', label: 'Created' },
];

/** `live`: open, pending approval or approved (what still waits for something). */
export type StatusFilter = '' | 'live' | RecommendationStatus;
export const LIVE_STATUSES: readonly RecommendationStatus[] = ['open', 'pending-approval', 'approved'];

export const KNOWN_KINDS = ['rightsize', 'schedule', 'storage-tier', 'idle'] as const;
export const KNOWN_SERVICES = ['ec2', 'ebs', 'rds', 'redshift'] as const;

export const PAGE_SIZE = 25;
const MAX_SEARCH = 200;

/** What the recommendations table shows; kept in the URL so views are shareable and Back works. */
export interface RecommendationFilters {
  mode: ModeFilter;
  status: StatusFilter;
  kind: string;
  service: string;
  /** As typed; applied only when it is a number ≥ 0 (see {@link minSavingsError}). */
  minSavings: string;
  search: string;
  sort: SortField;
  order: 'asc' | 'desc';
  /** 0-based. */
  page: number;
}

export const DEFAULT_FILTERS: RecommendationFilters = {
  mode: 'all',
  status: '',
  kind: '',
  service: '',
  minSavings: '',
  search: '',
  sort: 'estimatedMonthlySavings',
  order: 'desc',
  page: 0,
};

function oneOf<T extends string>(value: string | null, options: readonly T[], fallback: T): T {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : fallback;
}

const SLUG = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/** Filters from a query string; unknown or malformed values fall back to the defaults. */
export function parseFilters(search: string): RecommendationFilters {
  const params = new URLSearchParams(search);
  const page = Number(params.get('page') ?? '1');
  const kind = params.get('kind') ?? '';
  const service = params.get('service') ?? '';
  return {
    mode: oneOf(
      params.get('mode'),
      MODE_FILTERS.map((mode) => mode.value),
      'all',
    ),
    status: oneOf<StatusFilter>(params.get('status'), ['', 'live', ...RECOMMENDATION_STATUSES], ''),
    kind: SLUG.test(kind) ? kind : '',
    service: SLUG.test(service) ? service : '',
    minSavings: minSavingsError(params.get('minSavings') ?? '') ? '' : (params.get('minSavings') ?? ''),
    search: (params.get('q') ?? '').slice(0, MAX_SEARCH),
    sort: oneOf(
      params.get('sort'),
      SORT_FIELDS.map((field) => field.value),
      'estimatedMonthlySavings',
    ),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page - 1 : 0,
  };
}

/** The query string of the dashboard URL (defaults left out). */
export function filtersToSearch(filters: RecommendationFilters): string {
  const params = new URLSearchParams();
  if (filters.mode !== 'all') params.set('mode', filters.mode);
  if (filters.status) params.set('status', filters.status);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.service) params.set('service', filters.service);
  if (filters.minSavings.trim() && !minSavingsError(filters.minSavings))
    params.set('minSavings', filters.minSavings.trim());
  if (filters.search.trim()) params.set('q', filters.search.trim());
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  if (filters.order !== 'desc') params.set('order', filters.order);
  if (filters.page > 0) params.set('page', String(filters.page + 1));
  return params.toString();
}

/** Why a minimum-savings entry cannot be used, or undefined when it can (empty means no minimum). */
export function minSavingsError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return 'Enter an amount of 0 or more, like 50 or 12.5.';
  if (!Number.isFinite(Number(trimmed))) return 'Enter a smaller amount.';
  return undefined;
}

/** The query of `GET /api/recommendations` for these filters. */
export function filtersToApiQuery(filters: RecommendationFilters, pageSize = PAGE_SIZE): URLSearchParams {
  const params = new URLSearchParams();
  params.set('mode', filters.mode);
  if (filters.status === 'live') params.set('status', LIVE_STATUSES.join(','));
  else if (filters.status) params.set('status', filters.status);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.service) params.set('service', filters.service);
  const min = filters.minSavings.trim();
  if (min && !minSavingsError(min)) params.set('minSavings', String(Number(min)));
  const search = filters.search.trim().slice(0, MAX_SEARCH);
  if (search) params.set('search', search);
  params.set('sort', filters.sort);
  params.set('order', filters.order);
  params.set('limit', String(pageSize));
  params.set('offset', String(filters.page * pageSize));
  return params;
}

/**
 * The next filters after a change: any change other than the page goes back to
 * the first page (the old page may not exist any more).
 */
export function updateFilters(
  filters: RecommendationFilters,
  change: Partial<RecommendationFilters>,
): RecommendationFilters {
  const next = { ...filters, ...change };
  if (!('page' in change)) next.page = 0;
  return next;
}

/** Sorting by a column header: the same column flips the order, a new one starts descending. */
export function toggleSort(filters: RecommendationFilters, field: SortField): RecommendationFilters {
  if (filters.sort === field)
    return updateFilters(filters, { order: filters.order === 'desc' ? 'asc' : 'desc' });
  return updateFilters(filters, { sort: field, order: 'desc' });
}
