import { route } from '@/server/http/route';
import { UPLOAD_LIMIT_BYTES } from '@/server/contracts/container-files';
import { authorize } from '@/server/services/authorize';
import { listFiles, prepareUpload, uploadFile, uploadTooLarge } from '@/server/services/container-files';
import { receiveUpload } from '@/server/services/multipart-upload';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const GET = route<Params>(({ req, rt, user, params }) =>
  listFiles(rt, user, params.hostId, params.id, new URL(req.url).searchParams.get('path') ?? '/'),
);

/**
 * Upload one file into a folder: multipart form with `dir` and `file`. The body is read as it
 * arrives, the file spooled to disk, and reading stops at the size limit (413), whether or not the
 * client announced a Content-Length.
 */
export const POST = route<Params>(async ({ req, rt, user, params }) => {
  authorize(user, 'containers.manage', params.hostId);
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > UPLOAD_LIMIT_BYTES + 1024 * 1024) throw uploadTooLarge();
  let prepared: { dir: string; name: string } | undefined;
  const upload = await receiveUpload(req, {
    limit: UPLOAD_LIMIT_BYTES,
    tooLarge: uploadTooLarge,
    // The browser sends `dir` first: a folder that is not one is refused before the file is read.
    beforeFile: async (fields, name) => {
      if (fields.dir !== undefined) prepared = await prepareUpload(rt, user, params.hostId, params.id, { dir: fields.dir, name });
    },
  });
  try {
    const result = await uploadFile(rt, user, params.hostId, params.id, {
      dir: upload.fields.dir,
      name: upload.file.name,
      data: { file: upload.file.path, size: upload.file.size },
      ...(prepared ? { prepared } : {}),
    });
    return Response.json(result, { status: 201 });
  } finally {
    await upload.cleanup();
  }
});
