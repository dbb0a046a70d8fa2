import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as enginesGet } from '@/app/api/registries/engines/route';
import { DELETE as manifestDelete, GET as manifestGet } from '@/app/api/registries/[id]/manifest/route';
import { GET as reposGet } from '@/app/api/registries/[id]/repositories/route';
import { GET as tagDetailsGet } from '@/app/api/registries/[id]/tag-details/route';
import { GET as tagsGet } from '@/app/api/registries/[id]/tags/route';
import { POST as registriesPost } from '@/app/api/registries/route';
import { POST as registryTest } from '@/app/api/registries/test/route';
import type { RegistrySummary } from '@/server/contracts/registries';
import type { EngineRegistryConfig, RepositoryPage, TagDetails, TagManifestView, TagPage } from '@/server/contracts/registry-browse';
import { setRuntime } from '@/server/runtime';
import { createSession } from '@/server/services/auth';
import { insertUser } from '@/server/store/users';
import { startHarness, type Harness } from '../support/harness';
import { loadRig } from '../support/rig';
import { copyImage, freePort, startTokenRegistry, type TokenRegistry } from '../support/token-registry';

const rig = loadRig();
const label = 'wharf.test=reg-e';
const stamp = crypto.randomBytes(3).toString('hex');
const OPEN = `http://${rig.REGISTRY_URL}`;
// Repositories of ours on the open registry (delete enabled there): three for the catalog pages, one with many tags.
const MINE = ['a', 'b', 'c'].map((x) => `wharf-test/reg-e-${stamp}-${x}`);
const MANY = `wharf-test/reg-e-${stamp}-many`;
const DEL = `wharf-test/reg-e-${stamp}-del`;
const MULTI = `wharf-test/reg-e-${stamp}-multi`;
const SEED_WEB_REPO = rig.SEED_WEB.split(':')[0]!;

let h: Harness;
let tokenReg: TokenRegistry;
const saved: Record<string, RegistrySummary> = {};

async function call(
  handler: (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>,
  id: string,
  query: Record<string, string | string[]> = {},
  opts: { method?: string; body?: unknown; cookie?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route answers of many shapes, read field by field
): Promise<{ status: number; json: any }> {
  const url = new URL('http://wharf.test/api/x');
  for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) url.searchParams.append(k, one);
  const res = await handler(
    new Request(url, {
      method: opts.method ?? 'GET',
      headers: { cookie: opts.cookie ?? h.cookie, 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, json: res.status === 204 ? null : await res.json() };
}

async function save(name: string, address: string, username = '', password = ''): Promise<RegistrySummary> {
  const r = await call(registriesPost as never, '', {}, { method: 'POST', body: { name, address, username, password } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return (saved[name] = r.json as RegistrySummary);
}

const test = (body: Record<string, string>, cookie?: string) => call(registryTest as never, '', {}, { method: 'POST', body, cookie });

beforeAll(async () => {
  h = await startHarness('registry-browse', rig.MAIN_SOCKET, label);
  setRuntime(h.rt);
  for (const repo of MINE) await copyImage({ base: OPEN }, { base: OPEN }, 'wharf-test/busybox', 'latest', repo, 'latest');
  for (const t of ['t1', 't2', 't3', 't4', 't5']) await copyImage({ base: OPEN }, { base: OPEN }, 'wharf-test/busybox', 'latest', MANY, t);
  tokenReg = await startTokenRegistry();
  const scope = `repository:${SEED_WEB_REPO}:pull,push`;
  await copyImage(
    { base: OPEN },
    { base: `http://${tokenReg.address}`, auth: `Bearer ${tokenReg.token([scope])}` },
    SEED_WEB_REPO,
    '1.0',
    SEED_WEB_REPO,
    '1.0',
  );
  await save('open', rig.REGISTRY_URL);
  await save('basic', rig.REGISTRY_AUTH_URL, rig.REGISTRY_USER, rig.REGISTRY_PASSWORD);
  await save('token', tokenReg.address, tokenReg.users.full.username, tokenReg.users.full.password);
  await save('hub', 'docker.io');
}, 120_000);

afterAll(async () => {
  setRuntime(undefined);
  await h?.close();
  await tokenReg?.close();
  // Our repositories' folders on the open registry's disk, so its catalog does not grow run after run.
  const repos = path.join(
    rig.WHARF_TEST_DIR,
    `registry-${rig.REGISTRY_URL.split(':')[1]}`,
    'data/docker/registry/v2/repositories/wharf-test',
  );
  for (const r of [...MINE, MANY, DEL, MULTI]) fs.rmSync(path.join(repos, r.split('/')[1]!), { recursive: true, force: true });
});

describe('registry settings: test connection', () => {
  it('the open registry: reachable over HTTP, no auth asked, catalog allowed', async () => {
    const r = await test({ address: rig.REGISTRY_URL });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ ok: true, scheme: 'none', hostName: null });
    expect(r.json.checks.map((c: { words: string }) => c.words)).toEqual([
      `Reachable: ${rig.REGISTRY_URL} answers the registry API over HTTP`,
      'Auth: the registry asks for none',
      'Catalog: allowed, repositories can be listed',
    ]);
  });

  it('basic auth (5001): accepted, catalog allowed, and the engine logs in too', async () => {
    const r = await test({ id: saved.basic!.id, address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ ok: true, scheme: 'basic', message: 'Login Succeeded' });
    const words = r.json.checks.map((c: { words: string }) => c.words);
    expect(words).toContain(`Auth: Basic auth accepted for ${rig.REGISTRY_USER}`);
    expect(words).toContain('Catalog: allowed, repositories can be listed');
    expect(words.some((w: string) => w.startsWith('Engine main: Login Succeeded'))).toBe(true);
  });

  it('a wrong password is a clear message; no credentials on a basic registry says credentials are asked for', async () => {
    const wrong = await test({ address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, password: 'not-it' });
    expect(wrong.status).toBe(422);
    expect(wrong.json.message).toMatch(/^127\.0\.0\.1:5001 refused: .*401 Unauthorized/);
    const none = await test({ address: rig.REGISTRY_AUTH_URL });
    expect(none.status).toBe(422);
    expect(none.json.message).toBe(`${rig.REGISTRY_AUTH_URL} asks for credentials (Basic auth) and none were given`);
  });

  it('token auth: Bearer token from the realm accepted; the robot user is refused the catalog', async () => {
    const full = await test({ id: saved.token!.id, address: tokenReg.address, username: tokenReg.users.full.username });
    expect(full.status, JSON.stringify(full.json)).toBe(200);
    expect(full.json.scheme).toBe('bearer');
    const words = full.json.checks.map((c: { words: string }) => c.words);
    expect(words).toContain(`Auth: Bearer token auth accepted for ${tokenReg.users.full.username}`);
    expect(words).toContain('Catalog: allowed, repositories can be listed');
    const robot = await test({
      address: tokenReg.address,
      username: tokenReg.users.robot.username,
      password: tokenReg.users.robot.password,
    });
    expect(robot.status, JSON.stringify(robot.json)).toBe(200);
    const catalog = robot.json.checks.find((c: { name: string }) => c.name === 'catalog');
    expect(catalog).toMatchObject({ ok: false });
    expect(catalog.words).toMatch(/^Catalog: refused \(401 UNAUTHORIZED\); type a repository name to browse$/);
    const bad = await test({ address: tokenReg.address, username: tokenReg.users.full.username, password: 'nope' });
    expect(bad.status).toBe(422);
    expect(bad.json.message).toMatch(/refused/);
  });

  it('an address nothing answers on says it cannot be reached', async () => {
    const port = await freePort();
    const r = await test({ address: `127.0.0.1:${port}` });
    expect(r.status).toBe(422);
    expect(r.json.message).toBe(`Cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it("the engines' own registry settings: the main engine reaches 127.0.0.0/8 over HTTP", async () => {
    const r = await call(enginesGet as never, '');
    expect(r.status).toBe(200);
    const main = (r.json as EngineRegistryConfig[]).find((e) => e.hostId === h.host)!;
    expect(main).toMatchObject({ hostName: 'main', online: true });
    expect(main.insecureCidrs).toContain('127.0.0.0/8');
    expect(Array.isArray(main.mirrors)).toBe(true);
  });
});

describe('browse', () => {
  it('catalog pages of 2 with n/last and the Link header: every repository once, in order, ours among them', async () => {
    const seen: string[] = [];
    let last: string | null = null;
    let pages = 0;
    do {
      const r = await call(reposGet as never, saved.open!.id, { n: '2', ...(last ? { last } : {}) });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const page = r.json as RepositoryPage;
      if (page.catalog !== 'allowed') throw new Error(page.reason);
      expect(page.repositories.length).toBeLessThanOrEqual(2);
      seen.push(...page.repositories);
      last = page.next;
      pages++;
    } while (last && pages < 500);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    for (const repo of [...MINE, MANY, 'wharf-test/web', 'wharf-test/busybox']) expect(seen).toContain(repo);
  });

  it('a name prefix pages through only the names that start with it, from anywhere in the catalog', async () => {
    const prefix = `wharf-test/reg-e-${stamp}-`;
    const seen: string[] = [];
    let last: string | null = null;
    let pages = 0;
    do {
      const r = await call(reposGet as never, saved.open!.id, { n: '2', prefix, ...(last ? { last } : {}) });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const page = r.json as RepositoryPage;
      if (page.catalog !== 'allowed') throw new Error(page.reason);
      seen.push(...page.repositories);
      last = page.next;
      pages++;
    } while (last && pages < 50);
    for (const repo of [...MINE, MANY]) expect(seen).toContain(repo);
    expect(
      seen.every((x) => x.startsWith(prefix)),
      seen.join(),
    ).toBe(true);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);

    // One name near the end of a long catalog is on the first page of one.
    const web = await call(reposGet as never, saved.basic!.id, { n: '1', prefix: 'Wharf-Test/Web' });
    expect(web.json).toMatchObject({ catalog: 'allowed', repositories: ['wharf-test/web'] });
    const none = await call(reposGet as never, saved.open!.id, { n: '5', prefix: `wharf-test/zz-none-${stamp}` });
    expect(none.json).toEqual({ catalog: 'allowed', repositories: [], next: null });
    const bad = await call(reposGet as never, saved.open!.id, { prefix: 'a b' });
    expect(bad.status).toBe(400);
    expect((bad.json as { message: string }).message).toMatch(/a-z, 0-9/);
  });

  it('tags pages of 2 (t1…t5 → 3 pages, paged by Wharf where the registry ignores n/last), then digest, size and created per visible page', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await call(tagsGet as never, saved.open!.id, { repo: MANY, n: '2', ...(cursor ? { cursor } : {}) });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const page = r.json as TagPage;
      expect(page.source).toBe('registry');
      names.push(...page.tags.map((t) => t.name));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(names).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(pages).toBe(3);
    const d = await call(tagDetailsGet as never, saved.open!.id, { repo: MANY, tag: ['t1', 't2', 'gone'] });
    const details = d.json as TagDetails[];
    expect(details[0]).toMatchObject({ name: 't1', digest: expect.stringMatching(/^sha256:[a-f0-9]{64}$/), error: null });
    expect(details[0]!.size).toBeGreaterThan(100_000);
    expect(Date.parse(details[0]!.created!)).toBeGreaterThan(0);
    expect(details[1]!.digest).toBe(details[0]!.digest);
    expect(details[2]).toMatchObject({ name: 'gone', digest: null, error: expect.stringMatching(/MANIFEST_UNKNOWN/) });
  });

  it('wharf-test/web:1.0 through basic auth: 5 layers with sizes and a total, CMD httpd, 80/tcp, labels, created', async () => {
    const r = await call(manifestGet as never, saved.basic!.id, { repo: SEED_WEB_REPO, ref: '1.0' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const m = r.json as TagManifestView;
    expect(m.reference).toBe(`${rig.REGISTRY_AUTH_URL}/${SEED_WEB_REPO}:1.0`);
    expect(m.mediaType).toMatch(/manifest/);
    expect(m.digest).toMatch(/^sha256:/);
    expect(m.platforms).toBeNull();
    expect(m.layers).toHaveLength(5);
    expect(m.layers.every((l) => l.size > 0)).toBe(true);
    expect(m.size).toBeGreaterThan(m.layers.reduce((a, l) => a + l.size, 0));
    expect(m.config.cmd?.join(' ')).toMatch(/httpd/);
    expect(m.config.exposedPorts).toEqual(['80/tcp']);
    expect(m.config.volumes).toEqual(['/data']);
    expect(m.config.labels['wharf.test.image']).toBe('web');
    expect(m.config.env.find((e) => e.key === 'WHARF_ROLE')).toMatchObject({ value: 'web', masked: false });
    expect(Date.parse(m.created!)).toBeGreaterThan(0);
  });

  it('a multi-arch index: its platforms listed, the attestation entry hidden, linux/amd64 shown first and any platform on request', async () => {
    // Two single-platform images (busybox as amd64, web as arm64) and an attestation, under one index.
    const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
    const amd = await copyImage({ base: OPEN }, { base: OPEN }, 'wharf-test/busybox', 'latest', MULTI, 'amd64');
    const arm = await copyImage({ base: OPEN }, { base: OPEN }, SEED_WEB_REPO, '1.0', MULTI, 'arm64');
    const sizeOf = async (d: string) =>
      Number(
        (await fetch(`${OPEN}/v2/${MULTI}/manifests/${d}`, { method: 'HEAD', headers: { accept: V2 } })).headers.get('content-length'),
      );
    const entry = (digest: string, size: number, os: string, architecture: string) => ({
      mediaType: V2,
      digest,
      size,
      platform: { os, architecture },
    });
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [
        entry(arm, await sizeOf(arm), 'linux', 'arm64'),
        entry(amd, await sizeOf(amd), 'linux', 'amd64'),
        entry(amd, await sizeOf(amd), 'unknown', 'unknown'),
      ],
    });
    const put = await fetch(`${OPEN}/v2/${MULTI}/manifests/1.0`, {
      method: 'PUT',
      body: index,
      headers: { 'content-type': 'application/vnd.docker.distribution.manifest.list.v2+json' },
    });
    expect(put.status, await put.text()).toBe(201);
    const indexDigest = `sha256:${crypto.createHash('sha256').update(index).digest('hex')}`;

    const r = await call(manifestGet as never, saved.open!.id, { repo: MULTI, ref: '1.0' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const m = r.json as TagManifestView;
    expect(m.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(m.digest).toBe(indexDigest);
    expect(m.platforms?.map((p) => `${p.os}/${p.architecture}`)).toEqual(['linux/arm64', 'linux/amd64']);
    expect(m.manifestDigest).toBe(amd);
    expect(m.config.cmd ?? []).not.toContain('httpd');

    const other = (await call(manifestGet as never, saved.open!.id, { repo: MULTI, ref: '1.0', platform: 'linux/arm64' }))
      .json as TagManifestView;
    expect(other.digest).toBe(indexDigest);
    expect(other.manifestDigest).toBe(arm);
    expect(other.config.exposedPorts).toEqual(['80/tcp']);
    expect(other.layers).toHaveLength(5);

    // The tags list says how many platforms the index has.
    const tags = await call(tagDetailsGet as never, saved.open!.id, { repo: MULTI, tag: ['1.0'] });
    expect(tags.status, JSON.stringify(tags.json)).toBe(200);
    expect((tags.json as TagDetails[])[0]!.platforms).toEqual(['linux/arm64', 'linux/amd64']);

    const bad = await call(manifestGet as never, saved.open!.id, { repo: MULTI, ref: '1.0', platform: 'arm64' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/os\/architecture/);
  });

  it('token auth: the same image browsed through Bearer tokens (catalog, tags, manifest)', async () => {
    const repos = await call(reposGet as never, saved.token!.id, { n: '50' });
    expect(repos.json).toEqual({ catalog: 'allowed', repositories: [SEED_WEB_REPO], next: null });
    const tags = await call(tagsGet as never, saved.token!.id, { repo: SEED_WEB_REPO });
    expect(tags.json.tags.map((t: { name: string }) => t.name)).toEqual(['1.0']);
    const m = await call(manifestGet as never, saved.token!.id, { repo: SEED_WEB_REPO, ref: '1.0' });
    expect(m.status, JSON.stringify(m.json)).toBe(200);
    expect((m.json as TagManifestView).layers).toHaveLength(5);
    expect((m.json as TagManifestView).config.exposedPorts).toEqual(['80/tcp']);
  });

  it('catalog refused (the robot account) → the answer says so, and a typed repository name still browses', async () => {
    const robot = await save(
      'robot',
      `localhost:${tokenReg.address.split(':')[1]}`,
      tokenReg.users.robot.username,
      tokenReg.users.robot.password,
    );
    const repos = await call(reposGet as never, robot.id);
    expect(repos.status).toBe(200);
    expect(repos.json.catalog).toBe('refused');
    expect(repos.json.reason).toMatch(/does not let robot list its catalog \(it answered 401 UNAUTHORIZED\)\.$/);
    const tags = await call(tagsGet as never, robot.id, { repo: SEED_WEB_REPO });
    expect(tags.status, JSON.stringify(tags.json)).toBe(200);
    expect(tags.json.tags.map((t: { name: string }) => t.name)).toEqual(['1.0']);
    const missing = await call(tagsGet as never, robot.id, { repo: 'wharf-test/no-such-repo' });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toMatch(/has no repository wharf-test\/no-such-repo/);
  });

  it('bad parameters are refused before any registry is asked', async () => {
    const bad = await call(tagsGet as never, saved.open!.id, { repo: 'UPPER/../x' });
    expect(bad.status).toBe(400);
    const badRef = await call(manifestGet as never, saved.open!.id, { repo: 'wharf-test/web', ref: '../../etc' });
    expect(badRef.status).toBe(400);
    const noId = await call(reposGet as never, 'nothex');
    expect(noId.status).toBe(400);
  });

  it('delete by digest where allowed removes every tag of that digest; where not, says the registry does not allow deletes', async () => {
    const digest = await copyImage({ base: OPEN }, { base: OPEN }, 'wharf-test/busybox', 'latest', DEL, 'one');
    await copyImage({ base: OPEN }, { base: OPEN }, 'wharf-test/busybox', 'latest', DEL, 'two');
    const del = await call(manifestDelete as never, saved.open!.id, {}, { method: 'DELETE', body: { repo: DEL, digest } });
    expect(del.status, JSON.stringify(del.json)).toBe(200);
    expect(del.json.message).toMatch(/and every tag that pointed to it/);
    for (const tag of ['one', 'two']) expect((await fetch(`${OPEN}/v2/${DEL}/manifests/${tag}`, { method: 'HEAD' })).status).toBe(404);
    const again = await call(manifestDelete as never, saved.open!.id, {}, { method: 'DELETE', body: { repo: DEL, digest } });
    expect(again.status).toBe(404);

    const web = await call(manifestGet as never, saved.token!.id, { repo: SEED_WEB_REPO, ref: '1.0' });
    const refused = await call(
      manifestDelete as never,
      saved.token!.id,
      {},
      { method: 'DELETE', body: { repo: SEED_WEB_REPO, digest: web.json.digest } },
    );
    expect(refused.status).toBe(409);
    expect(refused.json.message).toMatch(
      new RegExp(`^${tokenReg.address.replace(/\./g, '\\.')} does not allow deletes \\(UNSUPPORTED.*\\): its storage has delete disabled$`),
    );
    const audit = h.rt.db.prepare("SELECT action, target, result FROM audit WHERE action = 'registry.delete-manifest' ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'registry.delete-manifest', target: `registry:${rig.REGISTRY_URL}/${DEL}@${digest}`, result: 'ok' },
      { action: 'registry.delete-manifest', target: `registry:${rig.REGISTRY_URL}/${DEL}@${digest}`, result: 'error' },
      { action: 'registry.delete-manifest', target: `registry:${tokenReg.address}/${SEED_WEB_REPO}@${web.json.digest}`, result: 'error' },
    ]);
  });

  it('Docker Hub: the catalog is refused by design; tags through Hub’s API say there is no route from this offline server', async () => {
    const repos = await call(reposGet as never, saved.hub!.id);
    expect(repos.json).toMatchObject({ catalog: 'refused', reason: expect.stringMatching(/Docker Hub does not list its repositories/) });
    const tags = await call(tagsGet as never, saved.hub!.id, { repo: 'nginx' });
    expect(tags.status).toBe(502);
    expect(tags.json.message).toMatch(/^No route to Docker Hub from this server \(/);
  });

  it('a viewer may browse but not delete; an operator may not delete either (registries.manage is the admin’s)', async () => {
    const as = (role: 'viewer' | 'operator') => {
      const u = insertUser(h.rt.db, `${role}-${stamp}`, 'x', role);
      return `wharf_session=${createSession(h.rt, { id: u.id })}`;
    };
    for (const cookie of [as('viewer'), as('operator')]) {
      expect((await call(tagsGet as never, saved.open!.id, { repo: MANY }, { cookie })).status).toBe(200);
      const body = { repo: MANY, digest: `sha256:${'0'.repeat(64)}` };
      expect((await call(manifestDelete as never, saved.open!.id, {}, { method: 'DELETE', body, cookie })).status).toBe(403);
      expect((await test({ address: rig.REGISTRY_URL }, cookie)).status).toBe(403);
    }
  });
});
