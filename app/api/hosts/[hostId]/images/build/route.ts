import { readJson, route } from '@/server/http/route';
import { buildInline } from '@/server/services/image-build';
import { buildFromUpload, parseHostId } from '@/server/services/image-uploads';

export const dynamic = 'force-dynamic';

/**
 * Starts a build and answers `{operationId}` (202); its log follows in the operation's live view.
 * JSON `{dockerfile, options}` builds an inline Dockerfile; multipart/form-data carries an uploaded
 * context (see buildFromUpload), answered once the whole context has reached the engine.
 */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) => {
  if (/^multipart\/form-data/i.test(req.headers.get('content-type') ?? '')) {
    return Response.json(await buildFromUpload(rt, user, params.hostId, req), { status: 202 });
  }
  const { operationId } = buildInline(rt, user, parseHostId(params.hostId), await readJson(req));
  return Response.json({ operationId }, { status: 202 });
});
