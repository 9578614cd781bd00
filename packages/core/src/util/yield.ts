const nextTurn: (resolve: () => void) => unknown =
  typeof globalThis.setImmediate === 'function'
    ? (resolve) => globalThis.setImmediate(resolve)
    : (resolve) => setTimeout(resolve, 0);

/**
 * A pause point for long loops of work that never waits for I/O — an in-process database such
 * as PGlite answers its promises without giving the event loop a turn, and so does a simulation.
 * Call the returned function between steps: once `sliceMs` have passed since the last turn it
 * lets timers, network I/O and other requests run before the loop goes on; otherwise it returns
 * at once. A server that runs cycles in its own process stays responsive that way.
 *
 * @param sliceMs longest stretch of work between two turns @default 10
 */
export function createYielder(sliceMs = 10): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < sliceMs) return;
    await new Promise<void>((resolve) => nextTurn(resolve));
    last = performance.now();
  };
}
