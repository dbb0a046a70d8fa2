import { route } from '@/server/http/route';
import { exportContainer, toWebStream } from '@/server/services/container-files';

export const dynamic = 'force-dynamic';

export const GET = route<{ hostId: string; id: string }>(async ({ req, rt, user, params }) => {
  const d = await exportContainer(rt, user, params.hostId, params.id);
  return new Response(toWebStream(d.stream, req.signal), {
    headers: {
      'content-type': d.contentType,
      'content-disposition': `attachment; filename="${d.filename.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
    },
  });
});
