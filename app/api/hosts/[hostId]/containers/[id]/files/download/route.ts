import { route } from '@/server/http/route';
import { downloadPath, toWebStream } from '@/server/services/container-files';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const GET = route<Params>(async ({ req, rt, user, params }) => {
  const d = await downloadPath(rt, user, params.hostId, params.id, new URL(req.url).searchParams.get('path'));
  const headers: Record<string, string> = {
    'content-type': d.contentType,
    'content-disposition': `attachment; filename="${d.filename.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
  };
  if (d.size !== null) headers['content-length'] = String(d.size);
  return new Response(toWebStream(d.stream, req.signal), { headers });
});
