import { ConflictError } from '../errors/conflict-error.js';

/** How a table finds a row's id and, optionally, the value that must be unique per tenant. */
export interface TableKeys<T> {
  entity: string;
  idOf: (row: T) => string;
  unique?: { field: string; valueOf: (row: T) => string };
}

/**
 * One collection of a tenant: rows by id, in insertion order, plus an optional
 * unique index. Rows are never mutated in place, so `clone` only copies the maps
 * (the copy-on-write step of a transaction).
 */
export class MemoryTable<T> {
  private constructor(
    private readonly keys: TableKeys<T>,
    private readonly rows: Map<string, T>,
    private readonly uniqueIndex: Map<string, string>,
  ) {}

  static create<T>(keys: TableKeys<T>): MemoryTable<T> {
    return new MemoryTable(keys, new Map(), new Map());
  }

  clone(): MemoryTable<T> {
    return new MemoryTable(this.keys, new Map(this.rows), new Map(this.uniqueIndex));
  }

  get size(): number {
    return this.rows.size;
  }

  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  getByUnique(value: string): T | undefined {
    const id = this.uniqueIndex.get(value);
    return id === undefined ? undefined : this.rows.get(id);
  }

  /** Rows in insertion order (a replaced row keeps its place). */
  values(): T[] {
    return [...this.rows.values()];
  }

  /** Throws {@link ConflictError} when another row already holds `row`'s unique value. */
  assertUnique(row: T): void {
    const unique = this.keys.unique;
    if (!unique) return;
    const value = unique.valueOf(row);
    const holder = this.uniqueIndex.get(value);
    const id = this.keys.idOf(row);
    if (holder !== undefined && holder !== id) {
      throw new ConflictError({
        entity: this.keys.entity,
        message: `${this.keys.entity} ${id} has the ${unique.field} "${value}" of ${this.keys.entity} ${holder}; ${unique.field} must be unique per tenant (update ${holder} instead)`,
      });
    }
  }

  /** Inserts or replaces a row; reports which it did. */
  put(row: T): 'insert' | 'update' {
    this.assertUnique(row);
    const id = this.keys.idOf(row);
    const previous = this.rows.get(id);
    const unique = this.keys.unique;
    if (unique && previous !== undefined) this.uniqueIndex.delete(unique.valueOf(previous));
    if (unique) this.uniqueIndex.set(unique.valueOf(row), id);
    this.rows.set(id, row);
    return previous === undefined ? 'insert' : 'update';
  }

  delete(id: string): boolean {
    const previous = this.rows.get(id);
    if (previous === undefined) return false;
    if (this.keys.unique) this.uniqueIndex.delete(this.keys.unique.valueOf(previous));
    this.rows.delete(id);
    return true;
  }
}
