import type { SessionUser } from '@/server/contracts/auth';

// `never`: any route's own params type accepts it, so one helper calls them all.
type Handler = (req: Request, ctx?: { params?: Promise<never> }) => Promise<Response>;

export interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads the shape it expects
}

/** Calls a route handler as a browser (cookie) or a script (bearer) would. */
export async function call(
  handler: Handler,
  auth: { cookie?: string; bearer?: string },
  opts: { method?: string; path?: string; body?: unknown; params?: Record<string, string>; userAgent?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wharf-client-ip': '127.0.0.1' };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
  if (opts.userAgent) headers['user-agent'] = opts.userAgent;
  const req = new Request(`http://wharf.test${opts.path ?? '/api/x'}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Signs in through the login route; answers the cookie and the user it returned. */
export async function signIn(
  login: Handler,
  username: string,
  password: string,
  userAgent = 'vitest',
): Promise<{ cookie: string; user: SessionUser }> {
  const res = await login(
    new Request('http://wharf.test/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wharf-client-ip': '127.0.0.1', 'user-agent': userAgent },
      body: JSON.stringify({ username, password }),
    }),
  );
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, user: ((await res.json()) as { user: SessionUser }).user };
}
