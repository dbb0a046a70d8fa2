import { z } from 'zod';

/**
 * The engine's own grammar for the names of its objects. Every reference that reaches an engine's API
 * path is checked against one of these first: dockerode splices ids into the URL unescaped, so
 * `..`, `/`, `?` or `#` in an id would rewrite the request.
 */

/** Engine ids are 12 hex digits (server/services/engines.ts); older stores may hold other word ids. */
const HOST_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;
/** Full or abbreviated object id. */
const HEX_ID = /^[a-f0-9]{1,64}$/;
/** Container, network and volume names (daemon/names: `[a-zA-Z0-9][a-zA-Z0-9_.-]`). */
const OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const MAX_NAME = 255;

// The distribution reference grammar (distribution/reference/regexp.go), without the optional
// lower-case-only leniencies the CLI refuses anyway.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{1,64}$/;

const isHostId = (s: string): boolean => HOST_ID.test(s);
const isHexId = (s: string): boolean => HEX_ID.test(s);
const isObjectName = (s: string): boolean => s.length <= MAX_NAME && OBJECT_NAME.test(s);
/** A container, network or volume: its id (or a prefix) or its name. `.`/`..` fail the first character. */
export const isObjectRef = (s: string): boolean => isHexId(s) || isObjectName(s);
export function isImageRef(s: string): boolean {
  if (s.length > MAX_NAME * 2) return false;
  if (IMAGE_ID.test(s)) return true;
  if (!REFERENCE.test(s)) return false;
  // As the engine reads it, a first component is a registry only with a dot, a port or `localhost`;
  // otherwise it is part of the repository name, which is lower case.
  const first = s.split('/')[0]!;
  const isDomain = s.includes('/') && (/[.:]/.test(first) || first === 'localhost' || first.startsWith('['));
  return isDomain || !/[A-Z]/.test(first);
}
export const isExecId = (s: string): boolean => /^[a-f0-9]{64}$/.test(s);

const refSchema = (test: (s: string) => boolean, message: string) =>
  z
    .string({ message })
    .max(512, message)
    // The engine reports names with a leading slash; the CLI accepts them that way too.
    .transform((s) => (s.startsWith('/') && !s.startsWith('//') ? s.slice(1) : s))
    .refine(test, message);

export const hostIdSchema = z.string({ message: 'Not a host id' }).refine(isHostId, 'Not a host id');
export const containerRefValue = refSchema(isObjectRef, 'Not a container id or name');
/** An image by id (`sha256:…` or hex prefix) or reference (`name:tag`, `host:port/repo@sha256:…`). */
export const imageRefValue = z
  .string({ message: 'Not an image id or reference' })
  .trim()
  .max(512, 'Not an image id or reference')
  .refine(isImageRef, 'Not an image id or reference (e.g. busybox:1.36 or sha256:3f5…)');

/** For messages that quote what the caller sent: bounded and printable. */
export function quoteRef(s: unknown): string {
  const text = typeof s === 'string' ? s : String(s);
  // eslint-disable-next-line no-control-regex -- control characters are what we strip
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

const isIPv4 = (s: string): boolean => IPV4.test(s);

/** RFC 4291 text forms: eight hextets, one `::` at most, an IPv4 tail allowed. */
export function isIPv6(s: string): boolean {
  if (s.length > 45 || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const parts = halves.flatMap(groups);
  let count = parts.length;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    parts.pop();
    count += 1;
  }
  if (!parts.every((p) => HEXTET.test(p))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export const isIP = (s: string): boolean => isIPv4(s) || isIPv6(s);

// Linux signal names as the engine accepts them (with or without SIG), and numbers 1–64.
const SIGNAL_NAMES = new Set(
  'ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR QUIT SEGV STKFLT STOP SYS TERM TRAP TSTP TTIN TTOU URG USR1 USR2 VTALRM WINCH XCPU XFSZ'.split(
    ' ',
  ),
);
export function isSignal(s: string): boolean {
  if (/^\d{1,2}$/.test(s)) return Number(s) >= 1 && Number(s) <= 64;
  const name = s.toUpperCase().replace(/^SIG/, '');
  if (SIGNAL_NAMES.has(name)) return true;
  const rt = /^RTM(IN|AX)(?:([+-])(\d{1,2}))?$/.exec(name);
  return !!rt && (!rt[3] || Number(rt[3]) <= 30);
}

// eslint-disable-next-line no-control-regex -- control characters are what these refuse
const CONTROL = /[\u0000-\u001f\u007f]/;
/** An environment variable name: anything the kernel can carry, except `=` and control characters. */
export const isEnvKey = (s: string): boolean => s.length > 0 && !s.includes('=') && !CONTROL.test(s);
export const hasNul = (s: string): boolean => s.includes('\u0000');
export const hasControl = (s: string): boolean => CONTROL.test(s);
