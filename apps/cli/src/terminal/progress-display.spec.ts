import { ProgressDisplay } from './progress-display';

function recordingStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 120, write: (text: string) => writes.push(text) } };
}

const state = (done: number) => ({ activity: 'publishing students.ndjson (1/2)', done, total: 200, counters: '10 published, 1 rejected' });

describe('ProgressDisplay', () => {
  it('redraws a bar in place on a terminal, at most every 100 ms', () => {
    const { writes, stream } = recordingStream(true);
    const progress = new ProgressDisplay(stream);

    progress.update(state(50), 1_000);
    progress.update(state(60), 1_050);
    progress.update(state(100), 1_100);

    expect(writes).toEqual([
      '\r\x1b[2K[######..................]  25% publishing students.ndjson (1/2): 10 published, 1 rejected',
      '\r\x1b[2K[############............]  50% publishing students.ndjson (1/2): 10 published, 1 rejected',
    ]);
  });

  it('prints a plain line every five seconds when stderr is not a terminal', () => {
    const { writes, stream } = recordingStream(false);
    const progress = new ProgressDisplay(stream);

    progress.update(state(20), 10_000);
    progress.update(state(100), 14_000);
    progress.update(state(200), 15_000);
    progress.finish();

    expect(writes).toEqual([' 10% publishing students.ndjson (1/2): 10 published, 1 rejected\n', '100% publishing students.ndjson (1/2): 10 published, 1 rejected\n']);
  });

  it('keeps the bar below lines logged while it shows, and clears it when finished', () => {
    const { writes, stream } = recordingStream(true);
    const progress = new ProgressDisplay(stream);

    progress.update(state(0), 1_000);
    progress.log('students.ndjson:3: not valid JSON');
    progress.finish();

    expect(writes).toEqual([
      '\r\x1b[2K[........................]   0% publishing students.ndjson (1/2): 10 published, 1 rejected',
      '\r\x1b[2K',
      'students.ndjson:3: not valid JSON\n',
      '\r\x1b[2K[........................]   0% publishing students.ndjson (1/2): 10 published, 1 rejected',
      '\r\x1b[2K',
    ]);
  });
});

describe('ProgressDisplay on a narrow terminal', () => {
  it('cuts the line to the terminal width so it never wraps', () => {
    const writes: string[] = [];
    const progress = new ProgressDisplay({ isTTY: true, columns: 40, write: (text: string) => writes.push(text) });

    progress.update(state(200), 1_000);

    expect(writes).toEqual(['\r\x1b[2K[########################] 100% publish']);
  });
});
