import { describe, expect, it } from 'vitest';
import type { OperationLogLine } from '@/server/contracts/images';
import { BuildLog, type BuildMessage } from '@/server/engines/build-log';

/** The classic builder's messages as engine 20.10 sends them (a step's text and its newline come apart). */
const FAILED: BuildMessage[] = [
  { stream: 'Step 1/4 : FROM wharf-test/busybox:latest' },
  { stream: '\n' },
  { stream: ' ---> 7c6175841424\n' },
  { stream: 'Step 2/4 : ENV A=1' },
  { stream: '\n' },
  { stream: ' ---> Using cache\n' },
  { stream: ' ---> 66926d921316\n' },
  { stream: 'Step 3/4 : RUN echo hi && echo err >&2' },
  { stream: '\n' },
  { stream: ' ---> Running in a35ff8ccc15d\n' },
  { stream: 'hi\n' },
  { stream: '\u001b[91merr\n\u001b[0m' },
  { stream: 'Removing intermediate container a35ff8ccc15d\n' },
  { stream: ' ---> 0c1774bca084\n' },
  { stream: 'Step 4/4 : RUN printf no-newline && false' },
  { stream: '\n' },
  { stream: ' ---> Running in 29f0b9d6bafe\n' },
  { stream: 'no-newline' },
  { stream: 'Removing intermediate container 29f0b9d6bafe\n' },
  {
    errorDetail: { code: 1, message: "The command '/bin/sh -c printf no-newline && false' returned a non-zero code: 1" },
    error: "The command '/bin/sh -c printf no-newline && false' returned a non-zero code: 1",
  },
];

function read(messages: BuildMessage[]) {
  const lines: Array<Pick<OperationLogLine, 'text' | 'kind'>> = [];
  const log = new BuildLog((text, kind) => lines.push({ text, kind }));
  for (const m of messages) log.push(m);
  log.flush();
  return { log, lines };
}

describe('BuildLog', () => {
  it('sorts steps, output and the builder’s bookkeeping; strips colours; ends a line cut by the builder', () => {
    const { lines } = read(FAILED);
    expect(lines.filter((l) => l.kind === 'step').map((l) => l.text)).toEqual([
      'Step 1/4 : FROM wharf-test/busybox:latest',
      'Step 2/4 : ENV A=1',
      'Step 3/4 : RUN echo hi && echo err >&2',
      'Step 4/4 : RUN printf no-newline && false',
    ]);
    expect(lines.filter((l) => l.kind === 'out').map((l) => l.text)).toEqual(['hi', 'err', 'no-newline']);
    expect(lines.find((l) => l.text.startsWith('Removing'))?.kind).toBe('info');
    expect(lines.at(-1)).toEqual({
      kind: 'error',
      text: "The command '/bin/sh -c printf no-newline && false' returned a non-zero code: 1",
    });
  });

  it('names the failing step with the builder’s words, and the images this build made (not FROM, not cache)', () => {
    const { log } = read(FAILED);
    expect(log.failure).toBe(
      "Step 4/4 : RUN printf no-newline && false — The command '/bin/sh -c printf no-newline && false' returned a non-zero code: 1",
    );
    expect(log.created).toEqual(['0c1774bca084']);
    expect(log.imageId).toBeNull();
  });

  it('takes the image id from the aux message, else from "Successfully built"', () => {
    const id = `sha256:${'a'.repeat(64)}`;
    expect(
      read([{ stream: 'Step 1/1 : FROM x\n' }, { aux: { ID: id } }, { stream: 'Successfully built aaaaaaaaaaaa\n' }]).log.imageId,
    ).toBe(id);
    const { log } = read([{ stream: 'Successfully built 0123456789ab\n' }, { stream: 'Successfully tagged x:1\n' }]);
    expect(log.imageId).toBe('0123456789ab');
    expect(log.failure).toBeNull();
  });

  it('keeps what a carriage return leaves on screen, and pull status lines without their byte counts', () => {
    const { lines } = read([
      { stream: '10%\r50%\r100%\n' },
      { status: 'Pulling from wharf-test/base', id: '1' },
      { status: 'Downloading', id: 'abc', progressDetail: { current: 10, total: 100 } },
      { status: 'Pull complete', id: 'abc', progressDetail: {} },
    ]);
    expect(lines).toEqual([
      { text: '100%', kind: 'out' },
      { text: '1: Pulling from wharf-test/base', kind: 'info' },
      { text: 'abc: Pull complete', kind: 'info' },
    ]);
  });
});
