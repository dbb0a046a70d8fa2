import { route } from '@/server/http/route';
import { importFromUpload } from '@/server/services/image-uploads';

export const dynamic = 'force-dynamic';

/** `docker import`: fields reference, cmd, env, workdir, message, then the rootfs tarball as `file`, streamed to the engine. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  Response.json(await importFromUpload(rt, user, params.hostId, req), { status: 202 }),
);
