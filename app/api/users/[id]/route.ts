import { readJson, route } from '@/server/http/route';
import { deleteUser, updateUser } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const PUT = route<{ id: string }>(async ({ req, rt, user, params }) => updateUser(rt, user, params.id, await readJson(req)));

export const DELETE = route<{ id: string }>(({ rt, user, params }) => deleteUser(rt, user, params.id));
