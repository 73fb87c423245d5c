export interface ProgressState {
  /** What is being done, e.g. "checking students.ndjson (2/5)". */
  readonly activity: string;
  readonly done: number;
  readonly total: number;
  /** Counters worth watching, e.g. "1,200 published, 3 rejected". */
  readonly counters: string;
}

interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const BAR_WIDTH = 24;
const TTY_REDRAW_MS = 100;
const PLAIN_LINE_MS = 5_000;

/**
 * Progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds
 * otherwise (logs and CI output stay readable). Never shows record contents.
 */
export class ProgressDisplay {
  private lastDrawn = 0;
  private latest?: ProgressState;
  private barShown = false;

  constructor(private readonly stream: ProgressStream) {}

  update(state: ProgressState, now = Date.now()): void {
    this.latest = state;
    const interval = this.stream.isTTY ? TTY_REDRAW_MS : PLAIN_LINE_MS;
    if (now - this.lastDrawn < interval) return;
    this.lastDrawn = now;
    this.draw(state);
  }

  /** Writes a line of its own, keeping the bar below it. */
  log(line: string): void {
    this.clearBar();
    this.stream.write(`${line}\n`);
    if (this.stream.isTTY && this.latest) this.draw(this.latest);
  }

  /** Removes the bar, so what follows starts on a clean line. */
  finish(): void {
    this.clearBar();
  }

  private draw(state: ProgressState): void {
    const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    if (!this.stream.isTTY) {
      this.stream.write(`${percent} ${state.activity}: ${state.counters}\n`);
      return;
    }
    const filled = Math.round(fraction * BAR_WIDTH);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent} ${state.activity}: ${state.counters}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 120) - 1)}`);
    this.barShown = true;
  }

  private clearBar(): void {
    if (!this.barShown) return;
    this.stream.write('\r\x1b[2K');
    this.barShown = false;
  }
}
