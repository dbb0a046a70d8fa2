import { route } from '@/server/http/route';
import { toWebStream } from '@/server/services/container-files';
import { saveImages } from '@/server/services/image-archive';
import { parseHostId } from '@/server/services/image-uploads';

export const dynamic = 'force-dynamic';

/** `docker save`: `?ref=a&ref=b` as one tar, streamed from the engine to the browser (a download: it changes nothing). */
export const GET = route<{ hostId: string }>(async ({ req, rt, user, params }) => {
  const refs = new URL(req.url).searchParams.getAll('ref');
  const d = await saveImages(rt, user, parseHostId(params.hostId), refs);
  return new Response(toWebStream(d.stream, req.signal), {
    headers: {
      'content-type': 'application/x-tar',
      'content-disposition': `attachment; filename="${d.filename}"`,
      'cache-control': 'no-store',
      'x-wharf-operation': d.operationId,
    },
  });
});
