import { SHELLS } from '@/server/contracts/exec-options';

export type ShellChoice = (typeof SHELLS)[number] | 'custom';
export const SHELL_CHOICES: ReadonlyArray<{ value: ShellChoice; label: string }> = [
  { value: 'auto', label: 'auto — bash if present, else sh' },
  { value: 'bash', label: 'bash' },
  { value: 'sh', label: 'sh' },
  { value: 'ash', label: 'ash' },
  { value: 'zsh', label: 'zsh' },
  { value: 'custom', label: 'custom command' },
];

/** Everything needed to (re)open one terminal: an exec (docker exec -it) or an attach to the main process. */
export interface TerminalSpec {
  mode: 'exec' | 'attach';
  hostId: string;
  /** Container id or name. */
  container: string;
  shell: ShellChoice;
  /** For shell = custom: the command, as words. */
  command: string[];
  user: string;
  workingDir: string;
  /** KEY=value entries. */
  env: string[];
}

export function isShellChoice(v: string | null | undefined): v is ShellChoice {
  return v === 'custom' || (SHELLS as readonly string[]).includes(v ?? '');
}

/** The short "what runs" part of a tab label. */
export function shellLabel(spec: TerminalSpec): string {
  if (spec.mode === 'attach') return 'attach';
  if (spec.shell === 'custom') return spec.command.join(' ') || 'custom';
  return spec.shell;
}

/** Splits a command line into words: whitespace separates, '…' and "…" group, \ escapes (no expansion). */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** KEY=value lines (blank lines and # comments skipped); `bad` lists the lines that are not KEY=value. */
export function parseEnvLines(text: string): { env: string[]; bad: string[] } {
  const env: string[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/^[^=\s]+=/.test(line)) env.push(line);
    else bad.push(line);
  }
  return { env, bad };
}

/**
 * A spec from a URL's query (?host=&container=&shell=…): how container pages link to /terminals.
 * Only ever a *pre-fill*: a URL is never an action, so whatever reads this shows the spec in
 * ConfirmTerminalDialog and opens nothing until the user presses "Open terminal". Null when host or
 * container is missing. The environment never comes from a URL.
 */
export function specFromParams(p: URLSearchParams): TerminalSpec | null {
  const hostId = p.get('host')?.trim();
  const container = p.get('container')?.trim();
  if (!hostId || !container) return null;
  const shellParam = p.get('shell');
  const command = p.getAll('arg');
  const shell: ShellChoice = isShellChoice(shellParam) ? shellParam : 'auto';
  return {
    mode: p.get('mode') === 'attach' ? 'attach' : 'exec',
    hostId,
    container,
    shell: shell === 'custom' && command.length === 0 ? 'auto' : shell,
    command: shell === 'custom' ? command : [],
    user: p.get('user')?.trim() ?? '',
    workingDir: p.get('workdir')?.trim() ?? '',
    env: [],
  };
}

/** The inverse of specFromParams (environment entries stay out of URLs: they may hold secrets). */
export function paramsFromSpec(spec: TerminalSpec): URLSearchParams {
  const p = new URLSearchParams({ host: spec.hostId, container: spec.container });
  if (spec.mode === 'attach') p.set('mode', 'attach');
  else {
    p.set('shell', spec.shell);
    if (spec.shell === 'custom') for (const w of spec.command) p.append('arg', w);
    if (spec.user) p.set('user', spec.user);
    if (spec.workingDir) p.set('workdir', spec.workingDir);
  }
  return p;
}

// Characters that could hide or disguise part of a command on screen: controls, bidi overrides,
// zero-width and other format characters, line/paragraph separators.
const HIDDEN_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const HIDDEN_CHARS_G = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const C_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', "'": "\\'" };

/** A value as it can be read safely on screen: invisible and reordering characters shown as \u{…}. */
export function visible(value: string): string {
  return value.replace(HIDDEN_CHARS_G, (ch) => C_ESCAPES[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

/** One word as a POSIX shell would need it typed: bare when plain, '…' when not, $'…' when it holds hidden characters. */
export function quoteWord(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/u.test(word)) return word;
  if (HIDDEN_CHARS.test(word)) {
    return `$'${word.replace(/[\\']/g, (ch) => C_ESCAPES[ch]!).replace(HIDDEN_CHARS_G, (ch) => C_ESCAPES[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`)}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The words as a line that splitCommand reads back into the same words (for the command field). */
export function commandLine(words: readonly string[]): string {
  return words.map((w) => (w !== '' && /^[\w@%+=:,./-]+$/u.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The command words as one unambiguous line (what the confirm dialog shows). */
export function quoteCommand(words: readonly string[]): string {
  return words.map(quoteWord).join(' ');
}

const HANDOFF_PREFIX = 'wharf.terminal.handoff.';
/** A handoff not picked up by then is stale (the pop-out was blocked or closed while loading). */
const HANDOFF_TTL_MS = 2 * 60_000;

/**
 * Opens the pop-out window with a new session for `spec`. The user already chose it (they pressed
 * "Pop out" here), so the whole spec travels through this origin's localStorage under a random,
 * one-time key; the URL carries that key plus a plain pre-fill. Only Wharf's own script can write
 * that storage, so a URL typed or linked from elsewhere finds no handoff and gets the confirm dialog.
 */
export function popOut(spec: TerminalSpec): void {
  const p = paramsFromSpec(spec);
  try {
    dropStaleHandoffs();
    const key = crypto.randomUUID();
    localStorage.setItem(HANDOFF_PREFIX + key, JSON.stringify({ at: Date.now(), spec }));
    p.set('handoff', key);
  } catch {
    // Storage unavailable: the pop-out asks for confirmation instead.
  }
  window.open(`/terminal-popout?${p.toString()}`, '_blank', 'popup,width=960,height=620');
}

const taken = new Map<string, TerminalSpec | null>();

/** The spec handed over by popOut: removed from storage on first read (idempotent within this page), null if none. */
export function takeHandoff(key: string | null): TerminalSpec | null {
  if (!key || typeof window === 'undefined') return null;
  if (taken.has(key)) return taken.get(key)!;
  const spec = readHandoff(key);
  taken.set(key, spec);
  return spec;
}

function readHandoff(key: string): TerminalSpec | null {
  try {
    const raw = localStorage.getItem(HANDOFF_PREFIX + key);
    localStorage.removeItem(HANDOFF_PREFIX + key);
    if (!raw) return null;
    const v = JSON.parse(raw) as { at?: unknown; spec?: unknown };
    if (typeof v.at !== 'number' || Date.now() - v.at > HANDOFF_TTL_MS || Date.now() < v.at - 5_000) return null;
    return asSpec(v.spec);
  } catch {
    return null;
  }
}

function dropStaleHandoffs(): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (!k?.startsWith(HANDOFF_PREFIX)) continue;
    try {
      const at = (JSON.parse(localStorage.getItem(k) ?? '{}') as { at?: unknown }).at;
      if (typeof at !== 'number' || Date.now() - at > HANDOFF_TTL_MS) localStorage.removeItem(k);
    } catch {
      localStorage.removeItem(k);
    }
  }
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === 'string');

/** A stored value back to a TerminalSpec, or null if it is not one. */
export function asSpec(v: unknown): TerminalSpec | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Record<string, unknown>;
  if (s.mode !== 'exec' && s.mode !== 'attach') return null;
  if (typeof s.hostId !== 'string' || !s.hostId || typeof s.container !== 'string' || !s.container) return null;
  if (typeof s.shell !== 'string' || !isShellChoice(s.shell)) return null;
  if (!strings(s.command) || !strings(s.env) || typeof s.user !== 'string' || typeof s.workingDir !== 'string') return null;
  return {
    mode: s.mode,
    hostId: s.hostId,
    container: s.container,
    shell: s.shell,
    command: s.command,
    user: s.user,
    workingDir: s.workingDir,
    env: s.env,
  };
}
