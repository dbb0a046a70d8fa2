/**
 * A small ANSI SGR parser for log lines: colours and bold/dim/italic/underline/inverse become
 * style objects for React spans (never HTML). Other escape sequences (cursor moves, OSC titles)
 * are dropped.
 */
export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle | null;
}

// xterm's default palette, tuned for a dark log background.
const BASE = ['#3f3f46', '#f87171', '#4ade80', '#facc15', '#60a5fa', '#e879f9', '#22d3ee', '#e4e4e7'];
const BRIGHT = ['#71717a', '#fca5a5', '#86efac', '#fde047', '#93c5fd', '#f0abfc', '#67e8f9', '#ffffff'];

function color256(n: number): string | undefined {
  if (n < 0 || n > 255 || !Number.isInteger(n)) return undefined;
  if (n < 8) return BASE[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n < 232) {
    const i = n - 16;
    const steps = [0, 95, 135, 175, 215, 255];
    const r = steps[Math.floor(i / 36)] ?? 0;
    const g = steps[Math.floor((i % 36) / 6)] ?? 0;
    const b = steps[i % 6] ?? 0;
    return `rgb(${r},${g},${b})`;
  }
  const v = 8 + (n - 232) * 10;
  return `rgb(${v},${v},${v})`;
}

const byte = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n >= 0 && n <= 255 ? n : null);

/** Applies one SGR parameter list to a style; returns the new style. */
export function applySgr(style: AnsiStyle, params: number[]): AnsiStyle {
  let s: AnsiStyle = { ...style };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) s = {};
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 21 || p === 22) {
      s.bold = false;
      s.dim = false;
    } else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p === 29) s.strike = false;
    else if (p >= 30 && p <= 37) s.fg = BASE[p - 30];
    else if (p === 39) delete s.fg;
    else if (p >= 40 && p <= 47) s.bg = BASE[p - 40];
    else if (p === 49) delete s.bg;
    else if (p >= 90 && p <= 97) s.fg = BRIGHT[p - 90];
    else if (p >= 100 && p <= 107) s.bg = BRIGHT[p - 100];
    else if (p === 38 || p === 48) {
      const mode = params[i + 1];
      let c: string | undefined;
      if (mode === 5) {
        c = color256(params[i + 2] ?? -1);
        i += 2;
      } else if (mode === 2) {
        const r = byte(params[i + 2]);
        const g = byte(params[i + 3]);
        const b = byte(params[i + 4]);
        if (r !== null && g !== null && b !== null) c = `rgb(${r},${g},${b})`;
        i += 4;
      } else break;
      if (c) {
        if (p === 38) s.fg = c;
        else s.bg = c;
      }
    }
  }
  return s;
}

const isEmpty = (s: AnsiStyle) => Object.values(s).every((v) => v === undefined || v === false);

// CSI … final byte, OSC … BEL/ST, and lone two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[([0-9;:?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** Splits a line into styled segments; `start` carries the style over from earlier lines. */
export function parseAnsi(line: string, start: AnsiStyle = {}): { segments: AnsiSegment[]; end: AnsiStyle } {
  const segments: AnsiSegment[] = [];
  let style = start;
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const prev = segments[segments.length - 1];
    const st = isEmpty(style) ? null : style;
    if (prev && prev.style === st) prev.text += text;
    else segments.push({ text, style: st });
  };
  ESCAPES.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ESCAPES.exec(line))) {
    push(line.slice(last, m.index).replace(/\t/g, '    '));
    last = m.index + m[0].length;
    if (m[3] === 'm' && !m[2]) {
      const params = (m[1] ?? '')
        .split(/[;:]/)
        .filter((x, i, all) => x !== '' || all.length === 1)
        .map((x) => (x === '' ? 0 : Number(x)));
      style = applySgr(
        style,
        params.filter((n) => Number.isFinite(n)),
      );
    }
  }
  push(line.slice(last).replace(/\t/g, '    '));
  return { segments, end: style };
}

/** The text without escapes (for search and copy). */
export function stripAnsi(line: string): string {
  ESCAPES.lastIndex = 0;
  return line.replace(ESCAPES, '');
}

/** React inline style for a segment (inverse swaps colours). */
export function cssOf(s: AnsiStyle | null): Record<string, string> | undefined {
  if (!s) return undefined;
  const out: Record<string, string> = {};
  let fg = s.fg;
  let bg = s.bg;
  if (s.inverse) {
    fg = s.bg ?? '#18181b';
    bg = s.fg ?? '#e4e4e7';
  }
  if (fg) out.color = fg;
  if (bg) out.backgroundColor = bg;
  if (s.bold) out.fontWeight = '700';
  if (s.dim) out.opacity = '0.7';
  if (s.italic) out.fontStyle = 'italic';
  const deco = [s.underline && 'underline', s.strike && 'line-through'].filter(Boolean).join(' ');
  if (deco) out.textDecoration = deco;
  return out;
}
