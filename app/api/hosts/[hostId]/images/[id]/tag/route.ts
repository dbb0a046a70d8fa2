import { readJson, route } from '@/server/http/route';
import { tagImage } from '@/server/services/image-admin';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

/** `{repo, tag}`: one more reference to the image. */
export const POST = route<Params>(async ({ req, rt, user, params }) => tagImage(rt, user, params.hostId, params.id, await readJson(req)));
