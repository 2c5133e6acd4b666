import SonicBoom from 'sonic-boom';

/** Log output waiting for a slow reader beyond this many bytes is dropped, not held. */
export const MAX_BUFFERED_LOG_BYTES = 4 * 1024 * 1024;

/**
 * Where the server's log lines go (standard output): written asynchronously, so a slow reader
 * never holds the event loop, with at most `maxBufferedBytes` waiting. Lines that do not fit,
 * or that come after the reader has gone (the pipe or socket closed), are dropped and counted:
 * a server that loses its log reader goes on serving, and stops when asked.
 *
 * Never flushed synchronously: sonic-boom's `flushSync` retries every write error, so on a
 * closed pipe it loops forever (pino calls it on exit for its own destinations, hence ours).
 */
export class LogOutput {
  private readonly destination: SonicBoom;
  private readerGone = false;
  /** Nothing queued: every line so far written out (sonic-boom says so with 'drain'). */
  private idle = true;
  private dropped = 0;

  constructor(fd = 1, maxBufferedBytes = MAX_BUFFERED_LOG_BYTES) {
    this.destination = new SonicBoom({ fd, sync: false, maxLength: maxBufferedBytes });
    this.destination.on('drop', () => this.dropped++);
    this.destination.on('drain', () => {
      this.idle = true;
    });
    // Any failed write but EAGAIN (which sonic-boom retries later): EPIPE, ECONNRESET, EBADF.
    this.destination.on('error', () => {
      this.readerGone = true;
    });
  }

  /** Lines dropped so far: for want of buffer space, or because the reader has gone. */
  get droppedLines(): number {
    return this.dropped;
  }

  /** Queues one line (pino and the Nest logger call this); never blocks. */
  write(line: string): boolean {
    if (this.readerGone) {
      this.dropped++;
    } else {
      this.idle = false;
      this.destination.write(line);
    }
    return true;
  }

  /** Writes out what is queued, waiting at most `ms` (shutdown's last step). */
  flush(ms: number): Promise<void> {
    if (this.idle || this.readerGone) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.destination.off('drain', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, ms).unref();
      this.destination.once('drain', done).once('error', done);
    });
  }
}
