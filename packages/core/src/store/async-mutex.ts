/**
 * A first-come, first-served lock for async work. Each `run` starts after every
 * earlier `run` has settled, whether it resolved or rejected.
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` once the lock is free and releases it when `work` settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
