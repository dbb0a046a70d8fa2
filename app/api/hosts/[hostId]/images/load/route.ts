import { route } from '@/server/http/route';
import { loadFromUpload } from '@/server/services/image-uploads';

export const dynamic = 'force-dynamic';

/** `docker load`: a multipart upload with one `file` (a tar made by `docker save`), streamed to the engine. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  Response.json(await loadFromUpload(rt, user, params.hostId, req), { status: 202 }),
);
