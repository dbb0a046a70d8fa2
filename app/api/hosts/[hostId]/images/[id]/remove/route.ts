import { readJson, route } from '@/server/http/route';
import { removeImage } from '@/server/services/image-admin';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

/** `{force?}`: deletes the image with all its tags; refused in words while a container uses it. */
export const POST = route<Params>(async ({ req, rt, user, params }) =>
  removeImage(rt, user, params.hostId, params.id, await readJson(req)),
);
