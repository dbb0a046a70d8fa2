import { z } from 'zod';
import { validationFromZod } from '@/server/errors';
import { route } from '@/server/http/route';
import { exportAudit, parseAuditQuery } from '@/server/services/audit';

export const dynamic = 'force-dynamic';

const formatSchema = z.enum(['csv', 'json'], { message: 'format is csv or json' });

/** The whole filtered log as a download, streamed (same filters as GET /api/audit). */
export const GET = route(({ req, rt, user }) => {
  const params = new URL(req.url).searchParams;
  const format = formatSchema.safeParse(params.get('format') ?? 'csv');
  if (!format.success) throw validationFromZod(format.error.issues);
  params.delete('format');
  const body = exportAudit(rt, user, format.data, parseAuditQuery(params));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(body, {
    headers: {
      'content-type': format.data === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="wharf-audit-${stamp}.${format.data}"`,
      'cache-control': 'no-store',
    },
  });
});
