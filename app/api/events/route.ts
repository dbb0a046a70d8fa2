import { route } from '@/server/http/route';
import { eventPage } from '@/server/services/events';

export const dynamic = 'force-dynamic';

/** Stored engine events, newest first: `?host=&type=&action=&name=&before=<cursor>&limit=`. */
export const GET = route(({ req, rt, user }) => eventPage(rt, user, Object.fromEntries(new URL(req.url).searchParams)));
