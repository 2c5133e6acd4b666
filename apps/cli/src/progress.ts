/**
 * A progress line on stderr, redrawn at most four times a second: in place on a terminal, one
 * line per update otherwise (so logs and tests see it too).
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
    if (now - this.last < 250) return;
    this.last = now;
    this.write(count, false);
  }

  done(count: number): void {
    this.write(count, true);
  }

  private write(count: number, final: boolean): void {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = `${Math.round(count / seconds).toLocaleString('en-GB')} ${this.unit}/s`;
    const line = `${this.label}: ${this.bar(count)}${count.toLocaleString('en-GB')} ${this.unit} (${rate})`;
    if (this.out.isTTY) this.out.write(`\r${line}${final ? '\n' : ''}`);
    else this.out.write(`${line}\n`);
  }

  private bar(count: number): string {
    if (!this.total) return '';
    const share = Math.min(count / this.total, 1);
    const filled = Math.round(share * 30);
    return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% `;
  }
}
