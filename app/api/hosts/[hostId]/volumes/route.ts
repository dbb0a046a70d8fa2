import { readJson, route } from '@/server/http/route';
import { listVolumeOptions } from '@/server/services/engine-resources';
import { createVolume, listVolumes } from '@/server/services/volumes';

export const dynamic = 'force-dynamic';

/** The create form's volume names; `?full=1` the whole list (for scripts: the console follows the live view). */
export const GET = route<{ hostId: string }>(({ req, rt, user, params }) =>
  new URL(req.url).searchParams.get('full') === '1' ? listVolumes(rt, user, params.hostId) : listVolumeOptions(rt, user, params.hostId),
);

/** `{name?, driver?, driverOpts?: string[] | Record, labels?: string[] | Record}` */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) => {
  const volume = await createVolume(rt, user, params.hostId, await readJson(req));
  return Response.json(volume, { status: 201 });
});
