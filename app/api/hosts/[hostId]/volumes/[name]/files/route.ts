import { route } from '@/server/http/route';
import { authorize } from '@/server/services/authorize';
import { UPLOAD_LIMIT_BYTES } from '@/server/contracts/container-files';
import { uploadTooLarge } from '@/server/services/container-files';
import { receiveUpload } from '@/server/services/multipart-upload';
import { listVolumeFiles, prepareVolumeUpload, uploadVolumeFile } from '@/server/services/volume-browse';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; name: string };

/** One folder of the volume (`?path=/sub`), read through a short-lived helper container. */
export const GET = route<Params>(({ req, rt, user, params }) =>
  listVolumeFiles(rt, user, params.hostId, params.name, new URL(req.url).searchParams.get('path') ?? '/'),
);

/** Upload one file into a folder of the volume: multipart form with `dir` and `file` (spooled, capped). */
export const POST = route<Params>(async ({ req, rt, user, params }) => {
  // The right first: a refusal must not depend on how the body looks.
  authorize(user, 'volumes.manage', params.hostId);
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > UPLOAD_LIMIT_BYTES + 1024 * 1024) throw uploadTooLarge();
  const upload = await receiveUpload(req, {
    limit: UPLOAD_LIMIT_BYTES,
    tooLarge: uploadTooLarge,
    // Refused before the file is read: no right, no such volume, a bad name.
    beforeFile: async (_fields, name) => {
      prepareVolumeUpload(rt, user, params.hostId, params.name, name);
    },
  });
  try {
    const result = await uploadVolumeFile(rt, user, params.hostId, {
      volume: params.name,
      dir: upload.fields.dir ?? '/',
      name: upload.file.name,
      data: { file: upload.file.path, size: upload.file.size },
    });
    return Response.json(result, { status: 201 });
  } finally {
    await upload.cleanup();
  }
});
