/** How a history step's instruction is laid out on the image page: the keyword, then its text in lines. */
export interface InstructionLayout {
  /** RUN, COPY, CMD, … or null for a step with no Dockerfile word (an import, a commit). */
  keyword: string | null;
  /** The first line has no operator; the next ones start with the `&&`, `||` or `;` that chained them. */
  lines: Array<{ op: string; text: string }>;
}

const KEYWORDS =
  /^(RUN|COPY|ADD|CMD|ENTRYPOINT|ENV|ARG|LABEL|EXPOSE|VOLUME|USER|WORKDIR|HEALTHCHECK|STOPSIGNAL|SHELL|ONBUILD|MAINTAINER|FROM)(?:\s+|$)(.*)$/s;
/** A command longer than this also breaks at `;` (`set -eux; apt-get update; …`). */
const LONG = 100;

/** `file:<64 hex>` and other full digests shortened to 12 hex: the row stays readable, the raw text is on hover. */
export const shortenDigests = (s: string) => s.replace(/\b([a-f0-9]{12})[a-f0-9]{52}\b/g, '$1…');

/**
 * Splits a shell command at the `&&`, `||` (and, when long, `;`) that are not inside quotes, parentheses
 * or braces; backslash-newline continuations are joined first.
 */
export function chainLines(command: string): Array<{ op: string; text: string }> {
  const s = command.replace(/[ \t]*\\\r?\n[ \t]*/g, ' ');
  const breakSemicolons = s.length > LONG;
  const out: Array<{ op: string; text: string }> = [];
  let op = '';
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  const push = (nextOp: string) => {
    const text = cur.trim();
    if (text) out.push({ op, text });
    cur = '';
    op = nextOp;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      cur += c;
      if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    if (depth === 0 && !quote) {
      const two = s.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        push(two);
        i++;
        continue;
      }
      if (c === ';' && breakSemicolons && s[i + 1] !== ';') {
        cur += ';';
        push('');
        continue;
      }
      if (c === '\n') {
        push('');
        continue;
      }
    }
    cur += c;
  }
  push('');
  return out;
}

/** The instruction of a step as the page shows it: keyword apart, a RUN broken at its chains, digests shortened. */
export function layoutInstruction(createdBy: string): InstructionLayout {
  const m = KEYWORDS.exec(createdBy.trim());
  const keyword = m ? m[1]! : null;
  const body = shortenDigests(m ? m[2]! : createdBy.trim());
  if (keyword === 'RUN' || keyword === null) return { keyword, lines: body ? chainLines(body) : [] };
  return { keyword, lines: [{ op: '', text: body }] };
}
