import { readJson, route } from '@/server/http/route';
import { untagImage } from '@/server/services/image-admin';

export const dynamic = 'force-dynamic';

/** `{ref, deleteImage?}`: removes one reference; the last one takes the image with it only when `deleteImage` says so. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  untagImage(rt, user, params.hostId, await readJson(req)),
);
