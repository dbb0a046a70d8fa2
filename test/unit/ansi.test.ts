import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from '@/components/containers/ansi';

describe('ANSI in log lines', () => {
  it('turns SGR colours into styled segments and resets them', () => {
    const { segments, end } = parseAnsi('plain \x1b[1;31mred bold\x1b[0m after');
    expect(segments.map((s) => s.text)).toEqual(['plain ', 'red bold', ' after']);
    expect(segments[1]!.style).toMatchObject({ bold: true, fg: expect.any(String) });
    expect(segments[2]!.style).toBeNull();
    expect(end).toEqual({});
  });

  it('keeps markup as text: nothing is ever HTML', () => {
    const { segments } = parseAnsi('<img src=x onerror=alert(1)> \x1b[32mok\x1b[0m');
    expect(segments[0]!.text).toBe('<img src=x onerror=alert(1)> ');
  });

  it('drops other escape sequences (cursor moves, titles)', () => {
    expect(stripAnsi('\x1b[2K\x1b]0;title\x07done \x1b[33mwarn\x1b[0m')).toBe('done warn');
  });

  it('carries a style across a line when asked', () => {
    const first = parseAnsi('\x1b[34mblue starts');
    const second = parseAnsi('still blue', first.end);
    expect(second.segments[0]!.style).toMatchObject({ fg: first.segments[0]!.style!.fg });
  });
});
