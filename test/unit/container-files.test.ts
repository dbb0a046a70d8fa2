import { describe, expect, it } from 'vitest';
import { parseListing } from '@/server/services/container-files';
import { MultipartParser, type MultipartEvent } from '@/server/services/multipart-upload';

const rec = (stat: string, link: string, name: string) => `${stat}\0${link}\0${name}\0`;

describe('parseListing', () => {
  it('reads NUL-separated records: names with |, folders first, links with their target', () => {
    const out = [
      rec('regular file|12|1700000000|-rw-r--r--', '', 'a|b.txt'),
      rec('directory|4096|1700000000|drwxr-xr-x', '', 'etc'),
      rec('symbolic link|7|1700000000|lrwxrwxrwx', 'busybox', 'sh'),
    ].join('');
    expect(parseListing('/x', out)).toEqual([
      { name: 'etc', path: '/x/etc', type: 'dir', size: 4096, mode: 'drwxr-xr-x', mtime: '2023-11-14T22:13:20.000Z', linkTarget: null },
      {
        name: 'a|b.txt',
        path: '/x/a|b.txt',
        type: 'file',
        size: 12,
        mode: '-rw-r--r--',
        mtime: '2023-11-14T22:13:20.000Z',
        linkTarget: null,
      },
      { name: 'sh', path: '/x/sh', type: 'symlink', size: 7, mode: 'lrwxrwxrwx', mtime: '2023-11-14T22:13:20.000Z', linkTarget: 'busybox' },
    ]);
  });

  it('keeps a name holding newlines and a look-alike record as one entry', () => {
    const evil = 'a\nregular file|31337|1700000000|-rwsrwsrwx||fake\n';
    const entries = parseListing('/x', rec('regular empty file|0|1700000000|-rw-r--r--', '', evil));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ name: evil, size: 0, mode: '-rw-r--r--', type: 'file' });
  });

  it('skips an entry whose stat failed and a record cut short', () => {
    const out = rec('', '', 'vanished') + rec('directory|1|1|drwx------', '', 'ok') + 'regular file|1|1|-rw-------\0\0cut';
    expect(parseListing('/', out).map((e) => e.name)).toEqual(['ok']);
  });
});

function parseAll(body: Buffer, boundary: string, chunkSize: number) {
  const p = new MultipartParser(boundary);
  const events: MultipartEvent[] = [];
  for (let i = 0; i < body.length; i += chunkSize) events.push(...p.push(body.subarray(i, i + chunkSize)));
  const parts: Array<{ name: string; filename: string | null; data: string }> = [];
  for (const e of events) {
    if (e.type === 'part') parts.push({ name: e.name, filename: e.filename, data: '' });
    else if (e.type === 'data') parts[parts.length - 1]!.data += e.data.toString('latin1');
  }
  return { parts, done: p.done, ends: events.filter((e) => e.type === 'end').length };
}

describe('MultipartParser', () => {
  const boundary = '----WebKitFormBoundaryX3b';
  const file = 'x\r\n--not-it\r\n\r\n--' + boundary.slice(0, -1) + '\r\n-end';
  const body = Buffer.from(
    `preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="dir"\r\n\r\n/tmp\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a \\"q\\".bin"\r\nContent-Type: application/octet-stream\r\n\r\n${file}\r\n` +
      `--${boundary}--\r\nepilogue`,
    'latin1',
  );

  it('gives the same parts whatever the chunking, data that looks like a boundary included', () => {
    for (const size of [1, 2, 3, 7, 13, 64, body.length]) {
      const r = parseAll(body, boundary, size);
      expect(r.done).toBe(true);
      expect(r.ends).toBe(2);
      expect(r.parts).toEqual([
        { name: 'dir', filename: null, data: '/tmp' },
        { name: 'file', filename: 'a "q".bin', data: file },
      ]);
    }
  });

  it('reads RFC 5987 file names and refuses parts that are not form-data', () => {
    const b = Buffer.from(`--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nx\r\n--b--`);
    expect(parseAll(b, 'b', 5).parts[0]).toMatchObject({ filename: 'été.txt', data: 'x' });
    expect(() => new MultipartParser('b').push(Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'))).toThrow(
      /multipart\/form-data/,
    );
  });

  it('refuses headers that never end, holding no more than its limit', () => {
    const p = new MultipartParser('b', 1024);
    p.push(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\nX: '));
    expect(() => p.push(Buffer.alloc(2048, 'a'))).toThrow(/too long/);
  });
});
