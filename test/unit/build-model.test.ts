import { describe, expect, it } from 'vitest';
import {
  buildOptions,
  defaultBase,
  dockerignoreMatcher,
  emptyBuildForm,
  firstBase,
  groupSteps,
  parseTags,
  pickFolder,
  withBase,
} from '@/components/images/build/build-model';
import type { ImageSummary } from '@/server/contracts/images';

const img = (tags: string[]) => ({ tags }) as ImageSummary;

describe('the build form model', () => {
  it('starts FROM a small image the host has', () => {
    expect(defaultBase([img(['team/app:1']), img(['wharf-test/busybox:latest']), img([])])).toBe('wharf-test/busybox:latest');
    expect(defaultBase([img(['team/app:1'])])).toBe('team/app:1');
    expect(defaultBase([])).toBe('busybox:latest');
  });

  it('swaps the first FROM image, keeping flags and the stage name', () => {
    expect(withBase('FROM --platform=linux/amd64 old:1 AS build\nRUN x\nFROM other', 'new:2')).toBe(
      'FROM --platform=linux/amd64 new:2 AS build\nRUN x\nFROM other',
    );
    expect(withBase('RUN x', 'new:2')).toBe('FROM new:2\nRUN x');
    expect(firstBase('# c\n  from  base:1 as b\n')).toBe('base:1');
    expect(firstBase('RUN x')).toBeNull();
  });

  it('sends tags, args and labels as the route wants them', () => {
    const v = {
      ...emptyBuildForm(),
      tags: ' a/b:1, a/b:latest\nc ',
      buildArgs: [
        { key: 'X', value: '1' },
        { key: ' ', value: 'dropped' },
      ],
      labels: [{ key: 'k', value: '' }],
      target: ' base ',
      dockerfilePath: 'docker/Dockerfile',
    };
    expect(parseTags(v.tags)).toEqual(['a/b:1', 'a/b:latest', 'c']);
    expect(buildOptions(v, false)).toEqual({
      tags: ['a/b:1', 'a/b:latest', 'c'],
      buildArgs: { X: '1' },
      labels: { k: '' },
      noCache: false,
      pull: false,
      target: 'base',
    });
    expect(buildOptions(v, true).dockerfile).toBe('docker/Dockerfile');
  });
});

describe('.dockerignore for a picked folder', () => {
  const ignore = dockerignoreMatcher('# comment\nnode_modules\n*.log\n**/tmp\ndocs/**\n!docs/keep.md\n/build/\n');
  it.each([
    ['node_modules/x/index.js', true],
    ['app.log', true],
    ['src/app.log', false],
    ['a/b/tmp/x', true],
    ['tmp/x', true],
    ['docs/a.md', true],
    ['docs/keep.md', false],
    ['build/out.js', true],
    ['src/build/x', false],
    ['Dockerfile', false],
  ])('%s → ignored %s', (path, ignored) => expect(ignore(path)).toBe(ignored));

  it('paths relative to the folder, the ignore file applied, the Dockerfile always kept', async () => {
    const file = (path: string, text: string) => Object.assign(new File([text], path.split('/').pop()!), { webkitRelativePath: path });
    const picked = await pickFolder([
      file('app/.dockerignore', '*.log\nDockerfile\n'),
      file('app/Dockerfile', 'FROM x'),
      file('app/src/a.js', 'abc'),
      file('app/debug.log', 'zzz'),
    ]);
    expect(picked.name).toBe('app');
    expect(picked.files.map((f) => f.path)).toEqual(['.dockerignore', 'Dockerfile', 'src/a.js']);
    expect(picked.ignored).toBe(1);
    expect(picked.size).toBe('*.log\nDockerfile\n'.length + 'FROM x'.length + 'abc'.length);
  });
});

describe('a build log by step', () => {
  it('puts lines under their step and marks the step the error came in', () => {
    const steps = groupSteps([
      { n: 0, kind: 'info', text: 'pulling' },
      { n: 1, kind: 'step', text: 'Step 1/2 : FROM x' },
      { n: 2, kind: 'info', text: ' ---> abc' },
      { n: 3, kind: 'step', text: 'Step 2/2 : RUN false' },
      { n: 4, kind: 'out', text: 'oops' },
      { n: 5, kind: 'error', text: 'returned a non-zero code: 1' },
    ]);
    expect(steps.map((s) => [s.title, s.lines.length, s.failed])).toEqual([
      [null, 1, false],
      ['Step 1/2 : FROM x', 1, false],
      ['Step 2/2 : RUN false', 2, true],
    ]);
  });
});
