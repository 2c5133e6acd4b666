/**
 * A progress line on stderr. On a terminal it is redrawn in place at most four times a second;
 * otherwise (a log, a pipe) only the final line is printed, once, rather than a line per update.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    /** What is counted: rows, events. */
    private readonly unit = 'rows',
  ) {}

  /** How many there are in all, when known: the line then shows a bar and a percentage. */
  total: number | null = null;

  update(count: number): void {
    const now = Date.now();
    if (!this.out.isTTY || now - this.last < 250) return;
    this.last = now;
    this.out.write(`\r${this.line(count)}\x1b[K`);
  }

  done(count: number): void {
    this.out.write(this.out.isTTY ? `\r${this.line(count)}\x1b[K\n` : `${this.line(count)}\n`);
  }

  private line(count: number): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = `${Math.round(count / seconds).toLocaleString('en-GB')} ${this.unit}/s`;
    return `${this.label}: ${this.bar(count)}${count.toLocaleString('en-GB')} ${this.unit} (${rate})`;
  }

  private bar(count: number): string {
    if (!this.total) return '';
    const share = Math.min(count / this.total, 1);
    const filled = Math.round(share * 30);
    return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% `;
  }
}
