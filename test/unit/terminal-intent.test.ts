import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { safeNextPath } from '@/components/auth/safe-next';
import {
  commandLine,
  popOut,
  quoteCommand,
  specFromParams,
  splitCommand,
  takeHandoff,
  type TerminalSpec,
} from '@/components/terminal/spec';

describe('safeNextPath: ?next= never leaves the site', () => {
  it.each([
    '//evil.example',
    '/\\evil.example',
    '/.//evil.example',
    '/%2e//evil.example',
    '/a/..//evil.example',
    '/x/../\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/login',
    '/./setup',
    '/api/auth/logout',
  ])('%j → /', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('keeps a path of this site with its query and hash', () => {
    expect(safeNextPath('/containers?state=running#top')).toBe('/containers?state=running#top');
    expect(safeNextPath('/hosts/abc')).toBe('/hosts/abc');
  });
});

describe('terminal specs from URLs are pre-fills only', () => {
  it('reads host, container, shell, command, user and working dir; never an environment', () => {
    const p = new URLSearchParams('host=h1&container=c1&shell=custom&arg=sh&arg=-c&arg=id&user=root&workdir=/tmp&env=A=1&handoff=x');
    expect(specFromParams(p)).toEqual({
      mode: 'exec',
      hostId: 'h1',
      container: 'c1',
      shell: 'custom',
      command: ['sh', '-c', 'id'],
      user: 'root',
      workingDir: '/tmp',
      env: [],
    });
  });

  it('shows a command unambiguously: quoted words, hidden and reordering characters escaped', () => {
    expect(quoteCommand(['sh', '-c', 'touch /tmp/x; exec sh'])).toBe(`sh -c 'touch /tmp/x; exec sh'`);
    expect(quoteCommand(['echo', "it's"])).toBe(`echo 'it'\\''s'`);
    expect(quoteCommand(['echo', 'safe\u202Edm- fr'])).toBe(`echo $'safe\\u{202e}dm- fr'`);
    expect(quoteCommand(['sh', '-c', 'ls\n\n\n\nrm -rf /'])).toBe(`sh -c $'ls\\n\\n\\n\\nrm -rf /'`);
    expect(quoteCommand(['a\u200bb', ''])).toBe(`$'a\\u{200b}b' ''`);
  });

  it('the command field reads back into the same words', () => {
    const words = ['sh', '-c', `touch /tmp/x; echo "a b" 'c'`, '', 'plain', "it's"];
    expect(splitCommand(commandLine(words))).toEqual(words);
  });
});

describe('pop-out handoff', () => {
  const store = new Map<string, string>();
  const opened: string[] = [];
  const spec: TerminalSpec = {
    mode: 'exec',
    hostId: 'h1',
    container: 'c1',
    shell: 'custom',
    command: ['top'],
    user: 'app',
    workingDir: '/srv',
    env: ['SECRET=1'],
  };

  beforeEach(() => {
    store.clear();
    opened.length = 0;
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, String(v)),
      removeItem: (k: string) => void store.delete(k),
      key: (i: number) => [...store.keys()][i] ?? null,
      get length() {
        return store.size;
      },
    });
    vi.stubGlobal('window', { open: (url: string) => void opened.push(url) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const keyOf = (url: string) => new URL(url, 'http://wharf.local').searchParams.get('handoff');

  it('hands the whole spec to the window it opens, once; the URL carries no environment', () => {
    popOut(spec);
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]!, 'http://wharf.local');
    expect(url.pathname).toBe('/terminal-popout');
    expect(url.search).not.toContain('SECRET');
    const key = keyOf(opened[0]!);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(takeHandoff(key)).toEqual(spec);
    expect(store.size).toBe(0);
    // Same page asking again (React re-render) gets the same answer; storage stays empty.
    expect(takeHandoff(key)).toEqual(spec);
  });

  it('a key Wharf did not store, a stale one or a malformed one opens nothing', () => {
    expect(takeHandoff('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(takeHandoff(null)).toBeNull();

    vi.useFakeTimers({ now: Date.now() });
    popOut(spec);
    const stale = keyOf(opened[0]!);
    vi.setSystemTime(Date.now() + 3 * 60_000);
    expect(takeHandoff(stale)).toBeNull();

    store.set('wharf.terminal.handoff.bad', JSON.stringify({ at: Date.now(), spec: { ...spec, command: 'rm -rf /' } }));
    expect(takeHandoff('bad')).toBeNull();
  });
});
