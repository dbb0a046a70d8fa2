import { readJson, route } from '@/server/http/route';
import { bulkRemoveImages } from '@/server/services/image-admin';

export const dynamic = 'force-dynamic';

/** `{items:[{hostId,id}], force?}`: each image answers for itself. */
export const POST = route(async ({ req, rt, user }) => bulkRemoveImages(rt, user, await readJson(req)));
