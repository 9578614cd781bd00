import { readFile } from 'node:fs/promises';
import { type InputIssue, parseWith, type Resource, resourceSchema } from '@finops-autopilot/core';
import { type AwsPriceCatalog, createAwsPriceCatalog } from '@finops-autopilot/provider-aws/prices';
import { CliError, describeFsError, joinIssues } from '../cli-error.js';
import { enrichRecord, isInvalidInput } from './enrich-resource.js';
import { describeJsonError } from './json-position.js';

/** Options of {@link readInventory} and {@link parseInventory}. */
export interface InventoryOptions {
  /** File name used in messages. @default the path as given (readInventory) or `inventory` */
  displayName?: string;
  /** Region of records that have none. @default 'us-east-1' */
  defaultRegion?: string;
  /** Provider of records that have none. @default 'aws' */
  defaultProvider?: string;
  /** Catalog that fills specs and prices. @default the bundled AWS catalog */
  prices?: AwsPriceCatalog;
}

/**
 * Reads an inventory file: a JSON array of core `Resource` records, minimal or
 * full (see {@link parseInventory}).
 * @throws {CliError} (exit code 2) for a missing or unreadable file, malformed
 * JSON (with line and column) and every invalid record (with its array index).
 */
export async function readInventory(path: string, options: InventoryOptions = {}): Promise<Resource[]> {
  const displayName = options.displayName ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError({ message: `${displayName}: ${describeFsError(error)}`, cause: error });
  }
  return parseInventory(text, { ...options, displayName });
}

/**
 * Parses and validates an inventory text. Each element is either a full core
 * `Resource` or a minimal record such as
 * `{"id":"i-0abc","provider":"aws","service":"ec2","region":"us-east-1","type":"m5.xlarge"}`
 * or `{"id":"vol-1","service":"ebs","type":"gp2","sizeGiB":500,"attachedTo":"i-0abc"}`,
 * completed from its service (kind), the catalog (spec, hourly price, currency)
 * and defaults (region, provider `aws`, state `running` — volumes `in-use` when
 * attached, else `available` — and empty tags). Every record is checked with
 * core's `resourceSchema`; ids must be unique.
 * @throws {CliError} (exit code 2) listing every problem as `FILE: [INDEX].FIELD: reason`.
 */
export function parseInventory(text: string, options: InventoryOptions = {}): Resource[] {
  const displayName = options.displayName ?? 'inventory';
  const fail = (lines: string[]): never => {
    throw new CliError({ message: joinIssues(lines.map((line) => `${displayName}: ${line}`)) });
  };
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') fail(['empty file (expected a JSON array of resources)']);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    fail([describeJsonError(body, error)]);
  }
  if (!Array.isArray(data)) fail([`expected a JSON array of resources, found ${describeValue(data)}`]);
  const records = data as unknown[];
  const prices = options.prices ?? createAwsPriceCatalog();
  const defaults = {
    region: options.defaultRegion ?? 'us-east-1',
    provider: options.defaultProvider ?? 'aws',
  };
  const problems: string[] = [];
  const resources: Resource[] = [];
  const firstIndexOf = new Map<string, number>();

  records.forEach((raw, index) => {
    const at = `[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${at}: expected a resource object, found ${describeValue(raw)}`);
      return;
    }
    const record: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    record['provider'] ??= defaults.provider;
    record['region'] ??= defaults.region;
    const issues: InputIssue[] = [];
    enrichRecord(record, prices, issues);
    let resource: Resource | undefined;
    if (issues.length === 0) {
      try {
        resource = parseWith(resourceSchema, record, displayName);
      } catch (error) {
        if (!isInvalidInput(error)) throw error;
        issues.push(...error.issues);
      }
    }
    for (const issue of issues) {
      const message = /received undefined$/.test(issue.message) ? 'is required' : issue.message;
      problems.push(`${at}${joinPath(issue.path)}: ${message}`);
    }
    if (!resource) return;
    const previous = firstIndexOf.get(resource.id);
    if (previous !== undefined) {
      problems.push(`${at}.id: duplicate id "${resource.id}" (first at [${previous}])`);
      return;
    }
    firstIndexOf.set(resource.id, index);
    resources.push(resource);
  });
  if (problems.length > 0) fail(problems);
  return resources;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function joinPath(path: string): string {
  if (path === '') return '';
  return path.startsWith('[') ? path : `.${path}`;
}
