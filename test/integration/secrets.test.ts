import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportRoute } from '@/app/api/audit/export/route';
import { POST as revealRoute } from '@/app/api/hosts/[hostId]/containers/[id]/reveal/route';
import { GET as specRoute } from '@/app/api/hosts/[hostId]/containers/[id]/spec/route';
import { GET as detailRoute } from '@/app/api/hosts/[hostId]/containers/[id]/route';
import type { SessionUser } from '@/server/contracts/auth';
import type { CreateContainerSpec } from '@/server/contracts/container-create';
import type { ContainerDetail } from '@/server/contracts/containers';
import type { RevealedSecrets } from '@/server/contracts/secrets';
import { MASKED } from '@/server/contracts/secrets';
import { setRuntime } from '@/server/runtime';
import { listAuditEntries } from '@/server/services/audit';
import { createSession, userFromToken } from '@/server/services/auth';
import { recreateContainer } from '@/server/services/container-create';
import { insertUser } from '@/server/store/users';
import { startHarness, type Harness } from '../support/harness';
import { liveClient, subscribeView } from '../support/live-client';
import { docker, loadRig } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=integration-secrets';
const stamp = Date.now().toString(36);
// Each value is unique to this run, so finding it anywhere is a leak.
const TOKEN = `tok-${stamp}-a1`;
const PLAIN = `plain-${stamp}-b2`;
const ARG = `argpw-${stamp}-c3`;
const NEW_PLAIN = `newplain-${stamp}-d4`;
const NEW_SECRET = `newsec-${stamp}-e5`;
const SECRETS = [TOKEN, PLAIN, ARG, NEW_PLAIN, NEW_SECRET];

let h: Harness;
let admin: SessionUser;
let operator: SessionUser;
let operatorCookie: string;
let viewerCookie: string;
const sockets: Socket[] = [];
let name = '';
let id = '';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = async (handler: Handler, method: string, path: string, cookie: string, params: Record<string, string>) => {
  const res = await handler(new Request(`http://wharf.test${path}`, { method, headers: { cookie } }), { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text() };
};
const user = (role: 'operator' | 'viewer') => {
  const row = insertUser(h.rt.db, `sec-${role}`, 'not-a-password-hash', role);
  const token = createSession(h.rt, row);
  return { u: userFromToken(h.rt, token)!, cookie: `wharf_session=${token}` };
};
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

beforeAll(async () => {
  h = await startHarness('secrets', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  admin = userFromToken(h.rt, h.cookie.split('=')[1]!)!;
  ({ u: operator, cookie: operatorCookie } = user('operator'));
  ({ cookie: viewerCookie } = user('viewer'));
  name = `wharf-it-secrets-${stamp}`;
  id = await docker(
    rig.MAIN_SOCKET,
    'run',
    '-d',
    '--name',
    name,
    '--label',
    LABEL,
    '-e',
    `API_TOKEN=${TOKEN}`,
    '-e',
    `PLAIN=${PLAIN}`,
    rig.SEED_BUSYBOX,
    'sh',
    '-c',
    `DB_PASSWORD=${ARG} sleep 300`,
  );
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

describe('secrets stay masked; Reveal is an explicit, audited act', () => {
  it('the live detail and inspect are masked for a viewer and, by default, for an operator; so is the HTTP read', async () => {
    for (const cookie of [viewerCookie, operatorCookie, h.cookie]) {
      const c = await liveClient(h.base, cookie, sockets);
      const snap = await subscribeView(c.s, { kind: 'container', hostId: h.host, id });
      const detail = (snap.streams[0]!.data as { detail: ContainerDetail }).detail;
      expect(detail.env).toContain(`API_TOKEN=${MASKED}`);
      expect(detail.env).toContain(`PLAIN=${MASKED}`);
      expect((detail.raw.Config as { Env: string[] }).Env).toContain(`API_TOKEN=${MASKED}`);
      expect(detail.cmd).toContain(`DB_PASSWORD=${MASKED} sleep 300`);
      expect(leaks(JSON.stringify(detail))).toEqual([]);
    }
    const http = await call(detailRoute as Handler, 'GET', `/api/hosts/${h.host}/containers/${id}`, operatorCookie, { hostId: h.host, id });
    expect(http.status).toBe(200);
    expect(http.text).toContain('API_TOKEN=');
    expect(leaks(http.text)).toEqual([]);
  });

  it('Reveal is refused to a viewer naming the right, and answers an operator with the values, audited', async () => {
    const path = `/api/hosts/${h.host}/containers/${id}/reveal`;
    const refused = await call(revealRoute as Handler, 'POST', path, viewerCookie, { hostId: h.host, id });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(JSON.parse(refused.text).message).toContain('containers.manage');
    expect(leaks(refused.text)).toEqual([]);

    const ok = await call(revealRoute as Handler, 'POST', path, operatorCookie, { hostId: h.host, id });
    expect(ok.status).toBe(200);
    const revealed = JSON.parse(ok.text) as RevealedSecrets;
    expect(revealed.env).toEqual(expect.arrayContaining([`API_TOKEN=${TOKEN}`, `PLAIN=${PLAIN}`]));
    expect(revealed.cmd).toEqual(['sh', '-c', `DB_PASSWORD=${ARG} sleep 300`]);

    const rows = listAuditEntries(h.rt, admin, { action: 'container.reveal-env' }).entries;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: 'sec-operator', result: 'ok', hostId: h.host, targetKind: 'container', targetName: name });
    expect(rows[0]!.target).toBe(`main/${name}`);
  });

  it('the edit form reads masked values; a recreate keeps what stayed masked and the audit export shows no value', async () => {
    const spec = await call(specRoute as Handler, 'GET', `/api/hosts/${h.host}/containers/${id}/spec`, operatorCookie, {
      hostId: h.host,
      id,
    });
    expect(spec.status).toBe(200);
    expect(leaks(spec.text)).toEqual([]);
    const form = JSON.parse(spec.text) as CreateContainerSpec;
    // In the engine's order, which is not always the order given to `docker run`.
    expect([...form.env].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'API_TOKEN', value: MASKED },
      { key: 'PLAIN', value: MASKED },
    ]);
    expect(form.cmd).toEqual(['sh', '-c', `DB_PASSWORD=${MASKED} sleep 300`]);

    // A mask with no variable behind it is refused by field, and nothing is changed.
    await expect(
      recreateContainer(h.rt, operator, h.host, id, { ...form, env: [...form.env, { key: 'OTHER', value: MASKED }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', fields: { 'env.2.value': expect.stringContaining('masked') } });

    // The operator changes PLAIN, adds a secret, leaves API_TOKEN and the command masked.
    const edited = {
      ...form,
      env: [form.env.find((e) => e.key === 'API_TOKEN')!, { key: 'PLAIN', value: NEW_PLAIN }, { key: 'NEW_SECRET', value: NEW_SECRET }],
      labels: [...form.labels, { key: 'db_password', value: NEW_SECRET }],
    };
    const made = await recreateContainer(h.rt, operator, h.host, id, edited);
    const env = JSON.parse(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{json .Config.Env}}', made.id)) as string[];
    expect(env).toEqual(expect.arrayContaining([`API_TOKEN=${TOKEN}`, `PLAIN=${NEW_PLAIN}`, `NEW_SECRET=${NEW_SECRET}`]));
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{json .Config.Cmd}}', made.id)).toBe(
      JSON.stringify(['sh', '-c', `DB_PASSWORD=${ARG} sleep 300`]),
    );

    const recreate = listAuditEntries(h.rt, admin, { action: 'container.recreate' }).entries[0]!;
    expect(recreate.changes?.map((c) => c.field)).toEqual(expect.arrayContaining(['env.NEW_SECRET', 'env.PLAIN', 'labels.db_password']));
    for (const c of recreate.changes!.filter((x) => x.field.startsWith('env.') || x.field === 'labels.db_password'))
      expect(c.masked).toBe(true);

    for (const format of ['csv', 'json']) {
      const out = await call(exportRoute as Handler, 'GET', `/api/audit/export?format=${format}`, h.cookie, {});
      expect(out.status).toBe(200);
      expect(out.text).toContain('container.reveal-env');
      expect(out.text).toContain('container.recreate');
      expect(out.text).toContain('env.NEW_SECRET');
      expect(leaks(out.text)).toEqual([]);
    }
  });
});
