import { route } from '@/server/http/route';
import { containerLogs } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const GET = route<Params>(async ({ req, rt, user, params }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const result = await containerLogs(rt, user, params.hostId, params.id, query);
  if (query.download !== '1') return result;
  const withTs = query.timestamps === '1';
  const body = result.lines.map((l) => (withTs && l.ts ? `${l.ts} ${l.text}` : l.text)).join('\n') + '\n';
  return new Response(body, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${result.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log"`,
    },
  });
});
