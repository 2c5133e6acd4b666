import { performance } from 'perf_hooks';

/** How long long-running work holds the event loop before other requests get a turn (ms). */
export const TURN_MS = 10;

/**
 * Paces long work on the event loop (an import's rows, its hashing, its inserts): await the
 * returned function between units of work. Once the work has run for `turnMs` since its last
 * pause, it waits for a turn of the event loop (setImmediate, after pending I/O), so other
 * requests are served within about `turnMs` however long the work is. Promises alone never let
 * I/O in: a loop of awaits on resolved promises holds the loop as a synchronous one does.
 */
export function turnTaker(turnMs = TURN_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < turnMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
