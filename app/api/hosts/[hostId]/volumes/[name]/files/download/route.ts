import { route } from '@/server/http/route';
import { toWebStream } from '@/server/services/container-files';
import { downloadVolumePath } from '@/server/services/volume-browse';

export const dynamic = 'force-dynamic';

/** A file of the volume as itself, a folder as a tar; the helper container goes when the body ends or the browser leaves. */
export const GET = route<{ hostId: string; name: string }>(async ({ req, rt, user, params }) => {
  const d = await downloadVolumePath(rt, user, params.hostId, params.name, new URL(req.url).searchParams.get('path') ?? '/', req.signal);
  const headers: Record<string, string> = {
    'content-type': d.contentType,
    'content-disposition': `attachment; filename="${d.filename.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
  };
  if (d.size !== null) headers['content-length'] = String(d.size);
  return new Response(toWebStream(d.stream, req.signal), { headers });
});
