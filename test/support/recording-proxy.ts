import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
}

export interface RecordingProxy {
  /** 127.0.0.1 port to give Wharf as a `tcp` engine. */
  port: number;
  requests: RecordedRequest[];
  /** Answer the next requests whose path matches with a redirect to `location` (fault injection). */
  redirect(match: RegExp, location: string): void;
  close(): Promise<void>;
}

/**
 * A recording HTTP proxy in front of a real engine's unix socket: every request Wharf makes to the
 * engine is written down (method and path as sent), then forwarded untouched, hijacked exec/attach
 * streams included. Tests check that no request left the expected paths.
 */
export async function startRecordingProxy(socketPath: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const redirects: Array<{ match: RegExp; location: string }> = [];
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push({ method: req.method ?? '', url });
    const r = redirects.find((x) => x.match.test(url));
    if (r) {
      res.writeHead(301, { location: r.location, 'content-length': '0' });
      res.end();
      return;
    }
    const upstream = http.request({ socketPath, method: req.method, path: url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      // A stream like /events sends its headers long before its first byte: pass them on at once.
      res.flushHeaders();
      up.pipe(res);
      res.on('close', () => up.destroy());
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
    res.on('close', () => upstream.destroy());
  });

  // Hijacked exec/attach: replay the request head on a raw connection and splice both ways.
  server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const engine = net.connect(socketPath);
    sockets.add(engine);
    engine.on('close', () => sockets.delete(engine));
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    engine.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) engine.write(head);
    engine.pipe(client).pipe(engine);
    const end = () => {
      engine.destroy();
      client.destroy();
    };
    engine.on('error', end);
    client.on('error', end);
    client.on('close', end);
    engine.on('close', end);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    redirect(match, location) {
      redirects.push({ match, location });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The paths Wharf may ask an engine for: a version prefix, a known resource, and ids/names in the
 * engine's grammar. Anything else (a `..`, an encoded slash, a foreign host) is a finding.
 */
export function unexpectedEnginePaths(requests: RecordedRequest[]): RecordedRequest[] {
  const ref = '[a-zA-Z0-9][a-zA-Z0-9_.-]*';
  const image = '[a-zA-Z0-9][a-zA-Z0-9_.:/@-]*';
  const allowed = [
    new RegExp(`^(/v1\\.\\d+)?/(_ping|version|info|events|system/df)(\\?|$)`),
    new RegExp(`^/v1\\.\\d+/containers/(json|create)(\\?|$)`),
    new RegExp(
      `^/v1\\.\\d+/containers/${ref}(/(json|start|stop|restart|kill|pause|unpause|rename|top|logs|stats|exec|attach|archive|export|resize|wait|update|changes))?(\\?|$)`,
    ),
    new RegExp(`^/v1\\.\\d+/exec/[a-f0-9]{64}/(start|json|resize)(\\?|$)`),
    new RegExp(`^/v1\\.\\d+/images/(json|create)(\\?|$)`),
    new RegExp(`^/v1\\.\\d+/images/${image}(/(json|history|push|tag|get))?(\\?|$)`),
    new RegExp(`^/v1\\.\\d+/(networks|volumes)(/${ref})?(\\?|$)`),
    new RegExp(`^/v1\\.\\d+/commit(\\?|$)`),
  ];
  return requests.filter((r) => {
    const path = r.url;
    const pathOnly = path.split('?')[0] ?? '';
    if (/\/\.\.?(\/|$)|%|#/i.test(pathOnly)) return true;
    return !allowed.some((re) => re.test(path));
  });
}
