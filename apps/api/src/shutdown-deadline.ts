import { ShutdownSignal } from '@nestjs/common';
import { Worker } from 'worker_threads';

/**
 * The signal that ends a shutdown past its deadline. Its default action ends the process, no
 * one here listens for it, and its name says what happened: exit status 142 (128 + 14).
 */
export const DEADLINE_SIGNAL = 'SIGALRM';

/**
 * Runs on a thread of its own, so that its timer fires even when the main thread's event loop
 * is held (a synchronous loop in a dependency, as sonic-boom's retrying `flushSync` once was).
 * SIGKILL follows if the first signal has not ended the process a second later.
 */
const WATCHDOG = `
const { workerData } = require('worker_threads');
setTimeout(() => {
  process.kill(process.pid, workerData.signal);
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1000);
}, workerData.ms);
`;

/**
 * Gives a shutdown at most `seconds` from the first shutdown signal: the process then ends
 * with SIGALRM whatever the main thread is doing. Call before Nest's shutdown hooks are enabled,
 * so that the deadline is armed before any stage of the shutdown runs.
 */
export function armShutdownDeadlineOnSignal(
  seconds: number,
  signals: readonly string[] = Object.values(ShutdownSignal),
): void {
  const arm = (): void => {
    for (const signal of signals) process.removeListener(signal, arm);
    // Unreferenced: a shutdown that ends in time is not kept waiting for the watchdog.
    new Worker(WATCHDOG, {
      eval: true,
      workerData: { ms: seconds * 1000, signal: DEADLINE_SIGNAL },
    }).unref();
  };
  for (const signal of signals) process.once(signal, arm);
}
