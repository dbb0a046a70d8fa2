import { route } from '@/server/http/route';
import { removeVolume } from '@/server/services/volumes';

export const dynamic = 'force-dynamic';

/** Removes a volume; refused in words, naming them, while containers use it. */
export const POST = route<{ hostId: string; name: string }>(async ({ rt, user, params }) => {
  await removeVolume(rt, user, params.hostId, params.name);
});
