import { SHELLS } from '@/server/contracts/exec';

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
 * A spec from a URL's query (?host=&container=&shell=…): how container pages link to /terminals
 * and how the pop-out window learns what to open. Null when host or container is missing.
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
    user: p.get('user') ?? '',
    workingDir: p.get('workdir') ?? '',
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

const HANDOFF_PREFIX = 'wharf.terminal.handoff.';

/** Opens the pop-out window with a new session for `spec`; the environment travels through localStorage, once. */
export function popOut(spec: TerminalSpec): void {
  const p = paramsFromSpec(spec);
  if (spec.mode === 'exec' && spec.env.length) {
    const key = crypto.randomUUID();
    try {
      localStorage.setItem(HANDOFF_PREFIX + key, JSON.stringify(spec.env));
      p.set('handoff', key);
    } catch {
      // Storage unavailable: the pop-out opens without the extra environment.
    }
  }
  window.open(`/terminal-popout?${p.toString()}`, '_blank', 'popup,width=960,height=620');
}

const taken = new Map<string, string[]>();

/** The environment handed over by popOut (removed from storage on first read; idempotent in this page). */
export function takeHandoffEnv(key: string | null): string[] {
  if (!key) return [];
  const known = taken.get(key);
  if (known) return known;
  const env = readHandoff(key);
  taken.set(key, env);
  return env;
}

function readHandoff(key: string): string[] {
  try {
    const raw = localStorage.getItem(HANDOFF_PREFIX + key);
    localStorage.removeItem(HANDOFF_PREFIX + key);
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}
