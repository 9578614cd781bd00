import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf } from './router.js';

describe('router', () => {
  it('parses every view', () => {
    expect(parseRoute({ pathname: '/', search: '' })).toEqual({ name: 'executive' });
    expect(parseRoute({ pathname: '/operations/', search: '' })).toEqual({ name: 'operations' });
    expect(parseRoute({ pathname: '/recommendations', search: '?mode=hitl' })).toEqual({
      name: 'recommendations',
      search: 'mode=hitl',
    });
    expect(parseRoute({ pathname: '/recommendations/rec_1%2Fx', search: '' })).toEqual({
      name: 'recommendation',
      id: 'rec_1/x',
    });
    expect(parseRoute({ pathname: '/approvals', search: '' })).toEqual({ name: 'approvals', search: '' });
    expect(parseRoute({ pathname: '/nope', search: '' })).toEqual({ name: 'not-found', path: '/nope' });
    expect(parseRoute({ pathname: '/recommendations/%E0%A4%A', search: '' }).name).toBe('not-found');
  });

  it('only follows local paths after sign-in (no open redirect)', () => {
    expect(parseRoute({ pathname: '/login', search: '?next=%2Fapprovals' })).toEqual({
      name: 'login',
      next: '/approvals',
    });
    expect(parseRoute({ pathname: '/login', search: '?next=https://evil.example' })).toEqual({
      name: 'login',
      next: undefined,
    });
    expect(parseRoute({ pathname: '/login', search: '?next=//evil.example' })).toEqual({
      name: 'login',
      next: undefined,
    });
  });

  it('builds paths back', () => {
    expect(pathOf({ name: 'recommendation', id: 'rec 1' })).toBe('/recommendations/rec%201');
    expect(pathOf({ name: 'recommendations', search: '' })).toBe('/recommendations');
    expect(pathOf({ name: 'login', next: '/operations' })).toBe('/login?next=%2Foperations');
    expect(pathOf({ name: 'executive' })).toBe('/');
  });
});
