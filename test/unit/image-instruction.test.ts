import { describe, expect, it } from 'vitest';
import { chainLines, layoutInstruction } from '@/components/images/detail/instruction';

describe('layoutInstruction', () => {
  it('sets the keyword apart and breaks a RUN at its && chains, one command a line', () => {
    expect(layoutInstruction('RUN mkdir -p /www /data && echo "seed data" > /data/README')).toEqual({
      keyword: 'RUN',
      lines: [
        { op: '', text: 'mkdir -p /www /data' },
        { op: '&&', text: 'echo "seed data" > /data/README' },
      ],
    });
  });

  it('joins backslash continuations, keeps && inside quotes and $( ) together, and breaks || too', () => {
    expect(chainLines('apk add a \\\n    b && echo "x && y" && v=$(a && b) || true')).toEqual([
      { op: '', text: 'apk add a b' },
      { op: '&&', text: 'echo "x && y"' },
      { op: '&&', text: 'v=$(a && b)' },
      { op: '||', text: 'true' },
    ]);
  });

  it('breaks a long command at its semicolons, a short one not', () => {
    expect(chainLines('set -e; echo hi')).toEqual([{ op: '', text: 'set -e; echo hi' }]);
    const long = `set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl; rm -rf /var/lib/apt/lists/*`;
    expect(chainLines(long).map((l) => l.text)).toEqual([
      'set -eux;',
      'apt-get update;',
      'apt-get install -y --no-install-recommends ca-certificates curl;',
      'rm -rf /var/lib/apt/lists/*',
    ]);
  });

  it('shortens full digests in COPY/ADD sources and keeps other instructions on one line', () => {
    expect(layoutInstruction(`COPY file:${'d5e80c578625'}${'a'.repeat(52)} in /www/index.html`)).toEqual({
      keyword: 'COPY',
      lines: [{ op: '', text: 'file:d5e80c578625… in /www/index.html' }],
    });
    expect(layoutInstruction('CMD ["httpd" "-f" "-p" "80" "-h" "/www"]')).toEqual({
      keyword: 'CMD',
      lines: [{ op: '', text: '["httpd" "-f" "-p" "80" "-h" "/www"]' }],
    });
  });

  it('a step with no Dockerfile word has no keyword, and an empty one no lines', () => {
    expect(layoutInstruction('sh -c make')).toEqual({ keyword: null, lines: [{ op: '', text: 'sh -c make' }] });
    expect(layoutInstruction('')).toEqual({ keyword: null, lines: [] });
  });
});
