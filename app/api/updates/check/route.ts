import { route } from '@/server/http/route';
import { startCheckAll } from '@/server/services/updates';

export const dynamic = 'force-dynamic';

/** "Check for updates": every running container, as an operation (references checked within the interval are not asked again). */
export const POST = route(({ rt, user }) => Response.json({ operationId: startCheckAll(rt, user).operationId }, { status: 202 }));
