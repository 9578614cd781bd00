import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  filtersToApiQuery,
  filtersToSearch,
  minSavingsError,
  parseFilters,
  toggleSort,
  updateFilters,
} from './filters.js';

describe('recommendation filters', () => {
  it('parses the URL, falling back to defaults for anything malformed', () => {
    expect(parseFilters('')).toEqual(DEFAULT_FILTERS);
    expect(
      parseFilters(
        'mode=hitl&status=pending-approval&kind=rightsize&service=ec2&minSavings=50&q=web&sort=confidence&order=asc&page=3',
      ),
    ).toEqual({
      mode: 'hitl',
      status: 'pending-approval',
      kind: 'rightsize',
      service: 'ec2',
      minSavings: '50',
      search: 'web',
      sort: 'confidence',
      order: 'asc',
      page: 2,
    });
    expect(
      parseFilters(
        'mode=everything&status=nope&kind=%3Cscript%3E&minSavings=-5&sort=price&order=sideways&page=-1',
      ),
    ).toEqual(DEFAULT_FILTERS);
    expect(parseFilters(`q=${'x'.repeat(300)}`).search).toHaveLength(200);
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe('');
    const filters = {
      ...DEFAULT_FILTERS,
      mode: 'pending' as const,
      search: ' gp3 ',
      page: 1,
      order: 'asc' as const,
    };
    const search = filtersToSearch(filters);
    expect(search).toBe('mode=pending&q=gp3&order=asc&page=2');
    expect(parseFilters(search)).toEqual({ ...filters, search: 'gp3' });
  });

  it('builds the API query (mode, live statuses, numbers, paging)', () => {
    const query = filtersToApiQuery({
      ...DEFAULT_FILTERS,
      mode: 'autonomous',
      status: 'live',
      service: 'ebs',
      minSavings: ' 12.50 ',
      search: '  vol-1 ',
      page: 2,
    });
    expect(Object.fromEntries(query)).toEqual({
      mode: 'autonomous',
      status: 'open,pending-approval,approved',
      service: 'ebs',
      minSavings: '12.5',
      search: 'vol-1',
      sort: 'estimatedMonthlySavings',
      order: 'desc',
      limit: '25',
      offset: '50',
    });
    expect(Object.fromEntries(filtersToApiQuery(DEFAULT_FILTERS))).toEqual({
      mode: 'all',
      sort: 'estimatedMonthlySavings',
      order: 'desc',
      limit: '25',
      offset: '0',
    });
  });

  it('leaves an invalid minimum out of the query and explains it', () => {
    expect(minSavingsError('')).toBeUndefined();
    expect(minSavingsError('10')).toBeUndefined();
    expect(minSavingsError('10.5')).toBeUndefined();
    expect(minSavingsError('-1')).toMatch(/0 or more/);
    expect(minSavingsError('ten')).toMatch(/0 or more/);
    expect(filtersToApiQuery({ ...DEFAULT_FILTERS, minSavings: 'abc' }).has('minSavings')).toBe(false);
  });

  it('goes back to the first page when anything but the page changes', () => {
    const onPage3 = { ...DEFAULT_FILTERS, page: 2 };
    expect(updateFilters(onPage3, { mode: 'hitl' }).page).toBe(0);
    expect(updateFilters(onPage3, { page: 3 }).page).toBe(3);
  });

  it('sorts by column: the same column flips the order, a new one starts descending', () => {
    const bySavings = toggleSort(DEFAULT_FILTERS, 'estimatedMonthlySavings');
    expect(bySavings).toMatchObject({ sort: 'estimatedMonthlySavings', order: 'asc' });
    expect(toggleSort(bySavings, 'estimatedMonthlySavings').order).toBe('desc');
    expect(toggleSort(bySavings, 'confidence')).toMatchObject({ sort: 'confidence', order: 'desc', page: 0 });
  });
});
