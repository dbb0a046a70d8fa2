import { AppError } from '../errors';

// A client of the Distribution / OCI registry API, used by the server only (registries refuse
// browser CORS, and credentials stay here). It answers the registry's own auth challenge: Basic, or
// Bearer with a token from the realm the `WWW-Authenticate` header names (tokens cached per scope
// until they expire).

export interface RegistryEndpoint {
  /** `host[:port]` as image references name it; `docker.io` for Docker Hub. */
  address: string;
  username?: string | null;
  password?: string | null;
  /** Plain HTTP (loopback, or a registry the engine lists as insecure). */
  insecure?: boolean;
}

export class RegistryError extends AppError {
  constructor(
    message: string,
    status: number,
    readonly registryStatus: number | null = null,
    readonly registryCode: string | null = null,
  ) {
    super(status === 401 ? 'REGISTRY_AUTH' : status === 404 ? 'NOT_FOUND' : 'REGISTRY_ERROR', message, status === 401 ? 422 : status);
  }
}

/** What the registry's challenge asked for. */
export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"` */
export function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return null;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme, params };
}

/** `<…?last=x&n=50>; rel="next"` → the next page's path and query. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header);
  if (!m) return null;
  try {
    const u = new URL(m[1]!, 'http://x');
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;
export const isLoopback = (address: string) => LOOPBACK.test(address);

const TIMEOUT_MS = 15_000;

export class RegistryClient {
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  /** The scheme the registry asked for last time: skips a 401 round trip on the next call. */
  private challenge: Challenge | null = null;

  constructor(private readonly ep: RegistryEndpoint) {}

  /** How the registry asked to be authenticated, as far as the calls so far have shown. */
  get authScheme(): 'none' | 'basic' | 'bearer' {
    return this.challenge?.scheme ?? 'none';
  }

  get address(): string {
    return this.ep.address;
  }

  get base(): string {
    if (this.ep.address === 'docker.io') return 'https://registry-1.docker.io';
    return `${this.ep.insecure || isLoopback(this.ep.address) ? 'http' : 'https'}://${this.ep.address}`;
  }

  /**
   * One request, answering the registry's auth challenge once. `scope` is the token scope a Bearer
   * registry needs (`repository:team/app:pull`, `registry:catalog:*`).
   */
  async request(path: string, opts: { method?: string; accept?: string; scope?: string } = {}): Promise<Response> {
    const method = opts.method ?? 'GET';
    const send = async (auth: string | null) => {
      const headers: Record<string, string> = {};
      if (opts.accept) headers.accept = opts.accept;
      if (auth) headers.authorization = auth;
      try {
        return await fetch(`${this.base}${path}`, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
      } catch (err) {
        throw this.unreachable(err);
      }
    };
    let res = await send(await this.authFor(this.challenge, opts.scope));
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    if (!challenge) return res;
    this.challenge = challenge;
    const auth = await this.authFor(challenge, opts.scope ?? challenge.params.scope);
    if (!auth) return res;
    await res.body?.cancel();
    res = await send(auth);
    return res;
  }

  /** A JSON answer, or the registry's own error words. */
  async json<T>(path: string, opts: { accept?: string; scope?: string } = {}): Promise<{ body: T; res: Response }> {
    const res = await this.request(path, opts);
    if (!res.ok) throw await this.failure(res);
    return { body: (await res.json()) as T, res };
  }

  /** The registry's error body (`{"errors":[{"code","message"}]}`) in words. */
  async failure(res: Response): Promise<RegistryError> {
    let code: string | null = null;
    let words = '';
    try {
      const body = (await res.json()) as { errors?: Array<{ code?: string; message?: string; detail?: unknown }> };
      const e = body.errors?.[0];
      code = e?.code ?? null;
      words = [e?.code, e?.message].filter(Boolean).join(': ');
    } catch {
      // Not JSON: the status says enough.
    }
    const what = words || `${res.status} ${res.statusText}`.trim();
    if (res.status === 401)
      return new RegistryError(
        `${this.ep.address} refused the credentials${this.ep.username ? ` of ${this.ep.username}` : ''} (${what})`,
        401,
        401,
        code,
      );
    if (res.status === 403) return new RegistryError(`${this.ep.address} denied access (${what})`, 403, 403, code);
    if (res.status === 404)
      return new RegistryError(
        `${this.ep.address}: ${what.toLowerCase().includes('unknown') ? what : `not found (${what})`}`,
        404,
        404,
        code,
      );
    if (res.status === 405) return new RegistryError(`${this.ep.address} does not allow this (${what})`, 405, 405, code);
    if (res.status === 429) return new RegistryError(`${this.ep.address} is rate limiting requests (${what})`, 429, 429, code);
    return new RegistryError(`${this.ep.address} answered ${what}`, 502, res.status, code);
  }

  private unreachable(err: unknown): RegistryError {
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const why = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
    if (this.ep.address === 'docker.io') return new RegistryError(`No route to Docker Hub from this server (${why})`, 502);
    if ((err as Error)?.name === 'TimeoutError')
      return new RegistryError(`${this.ep.address} did not answer within ${TIMEOUT_MS / 1000} s`, 504);
    return new RegistryError(`Cannot reach ${this.ep.address} (${why})`, 502);
  }

  private basic(): string | null {
    if (!this.ep.username) return null;
    return `Basic ${Buffer.from(`${this.ep.username}:${this.ep.password ?? ''}`).toString('base64')}`;
  }

  private async authFor(challenge: Challenge | null, scope: string | undefined): Promise<string | null> {
    if (!challenge) return null;
    if (challenge.scheme === 'basic') return this.basic();
    const realm = challenge.params.realm;
    if (!realm) return null;
    const key = `${challenge.params.service ?? ''} ${scope ?? ''}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expires > Date.now() + 5_000) return `Bearer ${cached.token}`;
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    if (scope) url.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    const basic = this.basic();
    if (basic) headers.authorization = basic;
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw this.unreachable(err);
    }
    if (res.status === 401 || res.status === 403)
      throw new RegistryError(
        `${this.ep.address}'s token service refused the credentials${this.ep.username ? ` of ${this.ep.username}` : ''}`,
        401,
        res.status,
      );
    if (!res.ok) throw new RegistryError(`${this.ep.address}'s token service answered ${res.status}`, 502, res.status);
    const body = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`${this.ep.address}'s token service sent no token`, 502);
    this.tokens.set(key, { token, expires: Date.now() + (body.expires_in ?? 60) * 1000 });
    return `Bearer ${token}`;
  }
}
