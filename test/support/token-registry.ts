import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './rig';

// A Distribution registry with `auth: token` and the small realm server that issues its tokens:
// RS256 JWTs signed with a key pair made by openssl at test time, the certificate in the token's
// x5c header and in the registry's rootcertbundle. Users: `full` gets every scope it asks for;
// `robot` gets repository scopes but never the catalog (like a robot account).

export interface TokenRegistry {
  /** `127.0.0.1:<port>` */
  address: string;
  realm: string;
  users: { full: { username: string; password: string }; robot: { username: string; password: string } };
  /** A token for `scopes` as the full user, for a test's own raw calls (uploads). */
  token(scopes: string[]): string;
  close(): Promise<void>;
}

const SERVICE = 'wharf-test-token-registry';
const ISSUER = 'wharf-test-token-issuer';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function parseScope(scope: string): Access | null {
  const parts = scope.split(':');
  if (parts.length < 3) return null;
  const actions = parts.pop()!.split(',').filter(Boolean);
  const type = parts.shift()!;
  return { type, name: parts.join(':'), actions };
}

export async function startTokenRegistry(opts: { deleteEnabled?: boolean } = {}): Promise<TokenRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-token-registry-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=wharf-test-token-issuer',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const key = crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'key.pem')));
  const certDer = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'cert.pem'))).raw;
  const users = {
    full: { username: 'tokenuser', password: 'tokenpass' },
    robot: { username: 'robot', password: 'robotpass' },
  };

  const sign = (sub: string, access: Access[]) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const claims = { iss: ISSUER, sub, aud: SERVICE, exp: now + 300, nbf: now - 30, iat: now, jti: crypto.randomUUID(), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(crypto.sign('sha256', Buffer.from(input), key))}`;
  };

  const realmServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/token') return res.writeHead(404).end();
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    let user: string | null = null;
    if (basic) {
      const [u, p] = Buffer.from(basic[1]!, 'base64').toString().split(/:(.*)/s);
      const known = Object.values(users).find((x) => x.username === u);
      if (!known || known.password !== p) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ details: 'wrong user or password' }));
      }
      user = known.username;
    }
    const wanted = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .map(parseScope)
      .filter((a): a is Access => !!a);
    // Anonymous callers get a token with no access; the robot never gets the catalog.
    const granted = !user ? [] : user === users.robot.username ? wanted.filter((a) => a.type === 'repository') : wanted;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: sign(user ?? 'anonymous', granted), expires_in: 300, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((r) => realmServer.listen(0, '127.0.0.1', r));
  const realm = `http://127.0.0.1:${(realmServer.address() as AddressInfo).port}/token`;

  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dir}/data`,
    '  delete:',
    `    enabled: ${opts.deleteEnabled ? 'true' : 'false'}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${crypto.randomBytes(8).toString('hex')}`,
    'auth:',
    '  token:',
    `    realm: ${realm}`,
    `    service: ${SERVICE}`,
    `    issuer: ${ISSUER}`,
    `    rootcertbundle: ${dir}/cert.pem`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'config.yml'), config);
  const log = fs.openSync(path.join(dir, 'registry.log'), 'a');
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
  const address = `127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`docker-registry exited: ${fs.readFileSync(path.join(dir, 'registry.log'), 'utf8')}`);
        const r = await fetch(`http://${address}/v2/`).catch(() => null);
        return r?.status === 401;
      },
      15_000,
      `token registry on ${address}`,
    );
  } catch (err) {
    child.kill();
    realmServer.close();
    throw err;
  }

  return {
    address,
    realm,
    users,
    token: (scopes) =>
      sign(
        users.full.username,
        scopes.map(parseScope).filter((a): a is Access => !!a),
      ),
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      fs.closeSync(log);
      await new Promise((r) => realmServer.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Copies `repo:tag` (manifest, index children and blobs) from one registry to another over the
 * registry API, as `toRepo:toTag`: cheaper than tag + push on a shared engine.
 */
export async function copyImage(
  from: { base: string; auth?: string },
  to: { base: string; auth?: string },
  repo: string,
  tag: string,
  toRepo: string,
  toTag: string,
): Promise<string> {
  const accept = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ].join(', ');
  const h = (auth?: string, extra: Record<string, string> = {}) => ({ ...(auth ? { authorization: auth } : {}), ...extra });
  const copyBlob = async (digest: string) => {
    const head = await fetch(`${to.base}/v2/${toRepo}/blobs/${digest}`, { method: 'HEAD', headers: h(to.auth) });
    if (head.ok) return;
    const blob = await fetch(`${from.base}/v2/${repo}/blobs/${digest}`, { headers: h(from.auth) });
    if (!blob.ok) throw new Error(`read blob ${digest}: ${blob.status}`);
    const data = Buffer.from(await blob.arrayBuffer());
    const start = await fetch(`${to.base}/v2/${toRepo}/blobs/uploads/`, { method: 'POST', headers: h(to.auth) });
    if (start.status !== 202) throw new Error(`start upload: ${start.status} ${await start.text()}`);
    const loc = new URL(start.headers.get('location')!, to.base);
    loc.searchParams.set('digest', digest);
    const put = await fetch(loc, { method: 'PUT', body: data, headers: h(to.auth, { 'content-type': 'application/octet-stream' }) });
    if (put.status !== 201) throw new Error(`upload ${digest}: ${put.status} ${await put.text()}`);
  };
  const copyManifest = async (ref: string, asRef: string): Promise<string> => {
    const res = await fetch(`${from.base}/v2/${repo}/manifests/${ref}`, { headers: h(from.auth, { accept }) });
    if (!res.ok) throw new Error(`read manifest ${repo}:${ref}: ${res.status}`);
    const raw = Buffer.from(await res.arrayBuffer());
    const body = JSON.parse(raw.toString()) as {
      mediaType?: string;
      manifests?: Array<{ digest: string }>;
      config?: { digest: string };
      layers?: Array<{ digest: string }>;
    };
    for (const m of body.manifests ?? []) await copyManifest(m.digest, m.digest);
    if (body.config) await copyBlob(body.config.digest);
    for (const l of body.layers ?? []) await copyBlob(l.digest);
    const type = body.mediaType ?? res.headers.get('content-type')!;
    const put = await fetch(`${to.base}/v2/${toRepo}/manifests/${asRef}`, {
      method: 'PUT',
      body: raw,
      headers: h(to.auth, { 'content-type': type }),
    });
    if (put.status !== 201) throw new Error(`put manifest ${toRepo}:${asRef}: ${put.status} ${await put.text()}`);
    return put.headers.get('docker-content-digest')!;
  };
  return copyManifest(tag, toTag);
}
