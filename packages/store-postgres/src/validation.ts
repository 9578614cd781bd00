import {
  type Actor,
  type Approval,
  actorSchema,
  approvalSchema,
  executionModeSchema,
  type InputIssue,
  InvalidInputError,
  isoDateTimeSchema,
  type MetricSummary,
  type RecommendationQuery,
  type Role,
  recommendationStatusSchema,
  roleSchema,
} from '@finops-autopilot/core';

// Core validates its domain records with zod; the shapes below are store-only and
// core keeps their schemas private, so they are checked here with the same rules
// (leaf checks reuse core's schemas) and fail with the same InvalidInputError.

type Source = Record<string, unknown>;

/** Collects issues under dotted paths (`a.b[2].c`) and throws them all at once. */
class Checker {
  readonly issues: InputIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  object(path: string, value: unknown): Source | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Source;
    this.add(path, 'must be an object');
    return undefined;
  }

  string(path: string, value: unknown, options: { nonEmpty?: boolean; optional?: boolean } = {}) {
    if (value === undefined && options.optional) return undefined;
    if (typeof value !== 'string') return this.fail(path, 'must be a string');
    if (options.nonEmpty && value === '') return this.fail(path, 'must not be empty');
    return value;
  }

  number(path: string, value: unknown, options: { int?: boolean; min?: number; optional?: boolean } = {}) {
    if (value === undefined && options.optional) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.fail(path, 'must be a finite number');
    if (options.int && !Number.isInteger(value)) return this.fail(path, 'must be an integer');
    if (options.min !== undefined && value < options.min)
      return this.fail(path, `must be at least ${options.min}`);
    return value;
  }

  boolean(path: string, value: unknown, fallback?: boolean): boolean | undefined {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === 'boolean') return value;
    return this.fail(path, 'must be a boolean');
  }

  instant(path: string, value: unknown, options: { optional?: boolean } = {}): string | undefined {
    if (value === undefined && options.optional) return undefined;
    if (isoDateTimeSchema.safeParse(value).success) return value as string;
    return this.fail(path, 'must be an ISO-8601 date-time');
  }

  oneOf<T>(path: string, value: unknown, schema: { safeParse(value: unknown): { success: boolean } }) {
    if (schema.safeParse(value).success) return value as T;
    return this.fail(path, 'is not one of the allowed values');
  }

  strings(path: string, value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(path, 'must be an array');
    for (const [index, item] of value.entries()) this.string(`${path}[${index}]`, item);
    return value as string[];
  }

  page(source: Source | undefined) {
    return {
      limit: this.number('limit', source?.['limit'], { int: true, min: 0, optional: true }),
      offset: this.number('offset', source?.['offset'], { int: true, min: 0, optional: true }),
    };
  }

  done<T>(subject: string, value: T): T {
    if (this.issues.length > 0) throw new InvalidInputError({ subject, issues: this.issues });
    return value;
  }

  private fail(path: string, message: string): undefined {
    this.add(path, message);
    return undefined;
  }
}

/** Joins a path and a key the way core formats issue paths. */
function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

function optionsObject(checker: Checker, value: unknown): Source | undefined {
  return value === undefined ? undefined : checker.object('', value);
}

/** Paging options (`limit`, `offset`: non-negative integers). */
export interface Page {
  limit?: number;
  offset?: number;
}

export function parsePage(value: unknown, subject: string): Page {
  const checker = new Checker();
  return checker.done(subject, checker.page(optionsObject(checker, value)));
}

export function parseIds(value: unknown, subject: string): string[] {
  const checker = new Checker();
  return checker.done(subject, checker.strings('', value) ?? []);
}

export function parseMetricSummaries(value: unknown): MetricSummary[] {
  const checker = new Checker();
  if (!Array.isArray(value)) checker.add('', 'must be an array');
  const parsed = (Array.isArray(value) ? value : []).map((item, index): MetricSummary => {
    const path = join('', index);
    const source = checker.object(path, item) ?? {};
    const window = checker.object(join(path, 'window'), source['window']) ?? {};
    return {
      resourceId: checker.string(join(path, 'resourceId'), source['resourceId'], { nonEmpty: true }) ?? '',
      metric: checker.string(join(path, 'metric'), source['metric'], { nonEmpty: true }) ?? '',
      window: {
        start: checker.instant(join(path, 'window.start'), window['start']) ?? '',
        end: checker.instant(join(path, 'window.end'), window['end']) ?? '',
      },
      points: checker.number(join(path, 'points'), source['points'], { int: true, min: 0 }) ?? 0,
      mean: checker.number(join(path, 'mean'), source['mean']) ?? 0,
      p95: checker.number(join(path, 'p95'), source['p95']) ?? 0,
      max: checker.number(join(path, 'max'), source['max']) ?? 0,
      updatedAt: checker.instant(join(path, 'updatedAt'), source['updatedAt']) ?? '',
    };
  });
  return checker.done('MetricSummary', parsed);
}

/** The resource filter `list` and `count` share. */
export interface ResourceFilter {
  service?: string;
  kind?: string;
}

function resourceFilterFields(checker: Checker, source: Source | undefined): ResourceFilter {
  return {
    service: checker.string('service', source?.['service'], { optional: true }),
    kind: checker.string('kind', source?.['kind'], { optional: true }),
  };
}

export function parseResourceListOptions(value: unknown): Page & ResourceFilter {
  const checker = new Checker();
  const source = optionsObject(checker, value);
  return checker.done('resource list options', {
    ...checker.page(source),
    ...resourceFilterFields(checker, source),
  });
}

export function parseResourceCountFilter(value: unknown): ResourceFilter {
  const checker = new Checker();
  return checker.done('resource count filter', resourceFilterFields(checker, optionsObject(checker, value)));
}

export function parseApprovalListOptions(value: unknown): Page & { status?: Approval['status'][] } {
  const checker = new Checker();
  const source = optionsObject(checker, value);
  const status = source?.['status'];
  if (status !== undefined && !Array.isArray(status)) checker.add('status', 'must be an array');
  const statuses = Array.isArray(status)
    ? status.map((item, index) =>
        checker.oneOf<Approval['status']>(`status[${index}]`, item, approvalSchema.shape.status),
      )
    : undefined;
  return checker.done('approval list options', {
    ...checker.page(source),
    status: statuses as Approval['status'][] | undefined,
  });
}

export function parseAuditListOptions(value: unknown): Page & { action?: string; subjectId?: string } {
  const checker = new Checker();
  const source = optionsObject(checker, value);
  return checker.done('audit list options', {
    ...checker.page(source),
    action: checker.string('action', source?.['action'], { optional: true }),
    subjectId: checker.string('subjectId', source?.['subjectId'], { optional: true }),
  });
}

const SORTS = ['estimatedMonthlySavings', 'confidence', 'updatedAt', 'createdAt'] as const;

export function parseRecommendationQuery(value: unknown): RecommendationQuery {
  const checker = new Checker();
  const source = optionsObject(checker, value);
  const enumList = <T>(name: string, schema: { safeParse(value: unknown): { success: boolean } }) => {
    const list = source?.[name];
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) {
      checker.add(name, 'must be an array');
      return undefined;
    }
    return list.map((item, index) => checker.oneOf<T>(`${name}[${index}]`, item, schema)) as T[];
  };
  const sort = source?.['sort'];
  if (sort !== undefined && !SORTS.includes(sort as (typeof SORTS)[number])) {
    checker.add('sort', `must be one of ${SORTS.join(', ')}`);
  }
  const order = source?.['order'];
  if (order !== undefined && order !== 'asc' && order !== 'desc') checker.add('order', 'must be asc or desc');
  const query: RecommendationQuery = {
    ...checker.page(source),
    status: enumList('status', recommendationStatusSchema),
    kind: checker.strings('kind', source?.['kind']),
    executionMode: enumList('executionMode', executionModeSchema),
    service: checker.strings('service', source?.['service']),
    resourceId: checker.string('resourceId', source?.['resourceId'], { optional: true }),
    minMonthlySavings: checker.number('minMonthlySavings', source?.['minMonthlySavings'], { optional: true }),
    search: checker.string('search', source?.['search'], { optional: true }),
    sort: sort as RecommendationQuery['sort'],
    order: order as RecommendationQuery['order'],
  };
  return checker.done('RecommendationQuery', query);
}

export function parseConfigKey(value: unknown): string {
  const checker = new Checker();
  return checker.done('config key', checker.string('', value, { nonEmpty: true }) ?? '');
}

/** Checks that `value` is JSON (what `JSON.stringify` keeps and `JSON.parse` gives back). */
export function parseConfigValue(value: unknown, key: string): unknown {
  const checker = new Checker();
  const visit = (path: string, item: unknown, depth: number): void => {
    if (depth > 100) {
      checker.add(path, 'is nested too deeply');
      return;
    }
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) checker.add(path, 'must be a finite number');
      return;
    }
    if (Array.isArray(item)) {
      for (const [index, element] of item.entries()) visit(join(path, index), element, depth + 1);
      return;
    }
    if (typeof item === 'object') {
      const prototype = Object.getPrototypeOf(item);
      if (prototype !== Object.prototype && prototype !== null) {
        checker.add(path, 'must be plain JSON data (no class instances)');
        return;
      }
      for (const [name, element] of Object.entries(item)) visit(join(path, name), element, depth + 1);
      return;
    }
    checker.add(path, 'must be JSON (null, boolean, number, string, array or object)');
  };
  visit('', value, 0);
  return checker.done(`config value of "${key}"`, value);
}

/** A person who signs in to the server (one tenant). */
export interface StoredUser {
  id: string;
  /** Stored lower-cased; unique within the tenant. */
  email: string;
  name: string;
  role: Role;
  /** An argon2id (or other) hash; the store never sees the password. */
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What {@link UserRepository.create} accepts: `disabled` defaults to false. */
export type StoredUserInput = Omit<StoredUser, 'disabled'> & { disabled?: boolean };

const EMAIL = /^[^@\s]+@[^@\s]+$/;

function email(checker: Checker, path: string, value: unknown): string {
  const text = checker.string(path, value, { nonEmpty: true });
  if (text !== undefined && !EMAIL.test(text)) checker.add(path, 'must be an email address');
  return (text ?? '').toLowerCase();
}

export function parseUser(value: unknown): StoredUser {
  const checker = new Checker();
  const source = checker.object('', value) ?? {};
  return checker.done('User', {
    id: checker.string('id', source['id'], { nonEmpty: true }) ?? '',
    email: email(checker, 'email', source['email']),
    name: checker.string('name', source['name'], { nonEmpty: true }) ?? '',
    role: checker.oneOf<Role>('role', source['role'], roleSchema) ?? 'viewer',
    passwordHash: checker.string('passwordHash', source['passwordHash'], { nonEmpty: true }) ?? '',
    disabled: checker.boolean('disabled', source['disabled'], false) ?? false,
    createdAt: checker.instant('createdAt', source['createdAt']) ?? '',
    updatedAt: checker.instant('updatedAt', source['updatedAt']) ?? '',
  });
}

/** Changes {@link UserRepository.update} may make; `updatedAt` is required. */
export interface UserPatch {
  name?: string;
  role?: Role;
  passwordHash?: string;
  disabled?: boolean;
  updatedAt: string;
}

export function parseUserPatch(value: unknown): UserPatch {
  const checker = new Checker();
  const source = checker.object('', value) ?? {};
  const role = source['role'];
  return checker.done('user patch', {
    name: checker.string('name', source['name'], { nonEmpty: true, optional: true }),
    role: role === undefined ? undefined : checker.oneOf<Role>('role', role, roleSchema),
    passwordHash: checker.string('passwordHash', source['passwordHash'], { nonEmpty: true, optional: true }),
    disabled: source['disabled'] === undefined ? undefined : checker.boolean('disabled', source['disabled']),
    updatedAt: checker.instant('updatedAt', source['updatedAt']) ?? '',
  });
}

export function parseUserListOptions(value: unknown): Page & { role?: Role } {
  const checker = new Checker();
  const source = optionsObject(checker, value);
  const role = source?.['role'];
  return checker.done('user list options', {
    ...checker.page(source),
    role: role === undefined ? undefined : checker.oneOf<Role>('role', role, roleSchema),
  });
}

export function parseEmail(value: unknown): string {
  const checker = new Checker();
  return checker.done('email', email(checker, '', value));
}

/** A refresh token as stored: its hash, never the token itself. */
export interface StoredRefreshToken {
  id: string;
  userId: string;
  /** Every token rotated from one login shares the family of the first. */
  familyId: string;
  /** The token this one replaced; null for the first of a family. */
  parentId: string | null;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  /** When it was exchanged for its successor; a second use after that is a reuse. */
  rotatedAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** What {@link RefreshTokenRepository.issue} accepts: the lifecycle fields default to null. */
export type NewRefreshToken = Omit<
  StoredRefreshToken,
  'parentId' | 'rotatedAt' | 'revokedAt' | 'revokedReason'
> &
  Partial<Pick<StoredRefreshToken, 'parentId'>>;

export function parseNewRefreshToken(value: unknown): StoredRefreshToken {
  const checker = new Checker();
  const source = checker.object('', value) ?? {};
  const parentId = source['parentId'];
  const token: StoredRefreshToken = {
    id: checker.string('id', source['id'], { nonEmpty: true }) ?? '',
    userId: checker.string('userId', source['userId'], { nonEmpty: true }) ?? '',
    familyId: checker.string('familyId', source['familyId'], { nonEmpty: true }) ?? '',
    parentId:
      parentId === undefined || parentId === null
        ? null
        : (checker.string('parentId', parentId, { nonEmpty: true }) ?? null),
    tokenHash: checker.string('tokenHash', source['tokenHash'], { nonEmpty: true }) ?? '',
    createdAt: checker.instant('createdAt', source['createdAt']) ?? '',
    expiresAt: checker.instant('expiresAt', source['expiresAt']) ?? '',
    rotatedAt: null,
    revokedAt: null,
    revokedReason: null,
  };
  if (checker.issues.length === 0 && Date.parse(token.expiresAt) <= Date.parse(token.createdAt)) {
    checker.add('expiresAt', 'must be after createdAt');
  }
  return checker.done('RefreshToken', token);
}

/** When and why tokens are revoked. */
export interface RevokeOptions {
  at: string;
  /** @default 'revoked' */
  reason?: string;
}

export function parseRevokeOptions(value: unknown): Required<RevokeOptions> {
  const checker = new Checker();
  const source = checker.object('', value) ?? {};
  return checker.done('revoke options', {
    at: checker.instant('at', source['at']) ?? '',
    reason: checker.string('reason', source['reason'] ?? 'revoked') ?? 'revoked',
  });
}

export function parseInstant(value: unknown, subject: string): string {
  const checker = new Checker();
  return checker.done(subject, checker.instant('', value) ?? '');
}

/** One exchange with a model, kept for the dashboard's AI history. */
export interface AiHistoryEntry {
  id: string;
  /** e.g. `analysis`, `explanation`, `chat`. */
  kind: string;
  model: string;
  recommendationId?: string;
  actor?: Actor;
  prompt: string;
  response: string;
  usage?: { inputTokens: number; outputTokens: number };
  latencyMs?: number;
  metadata?: Record<string, unknown>;
  createdAt: string;
}

export function parseAiHistoryEntry(value: unknown): AiHistoryEntry {
  const checker = new Checker();
  const source = checker.object('', value) ?? {};
  const entry: AiHistoryEntry = {
    id: checker.string('id', source['id'], { nonEmpty: true }) ?? '',
    kind: checker.string('kind', source['kind'], { nonEmpty: true }) ?? '',
    model: checker.string('model', source['model'], { nonEmpty: true }) ?? '',
    prompt: checker.string('prompt', source['prompt']) ?? '',
    response: checker.string('response', source['response']) ?? '',
    createdAt: checker.instant('createdAt', source['createdAt']) ?? '',
  };
  const recommendationId = checker.string('recommendationId', source['recommendationId'], {
    nonEmpty: true,
    optional: true,
  });
  if (recommendationId !== undefined) entry.recommendationId = recommendationId;
  if (source['actor'] !== undefined) {
    const actor = checker.oneOf<Actor>('actor', source['actor'], actorSchema);
    if (actor) entry.actor = structuredClone(actor);
  }
  if (source['usage'] !== undefined) {
    const usage = checker.object('usage', source['usage']) ?? {};
    entry.usage = {
      inputTokens: checker.number('usage.inputTokens', usage['inputTokens'], { int: true, min: 0 }) ?? 0,
      outputTokens: checker.number('usage.outputTokens', usage['outputTokens'], { int: true, min: 0 }) ?? 0,
    };
  }
  const latencyMs = checker.number('latencyMs', source['latencyMs'], { min: 0, optional: true });
  if (latencyMs !== undefined) entry.latencyMs = latencyMs;
  if (source['metadata'] !== undefined) {
    const metadata = checker.object('metadata', source['metadata']);
    if (metadata) entry.metadata = parseConfigValue(metadata, 'metadata') as Record<string, unknown>;
  }
  return checker.done('AiHistoryEntry', entry);
}

export function parseAiHistoryListOptions(
  value: unknown,
): Page & { recommendationId?: string; kind?: string } {
  const checker = new Checker();
  const source = optionsObject(checker, value);
  return checker.done('AI history list options', {
    ...checker.page(source),
    recommendationId: checker.string('recommendationId', source?.['recommendationId'], { optional: true }),
    kind: checker.string('kind', source?.['kind'], { optional: true }),
  });
}
