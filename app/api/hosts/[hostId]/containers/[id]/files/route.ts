import { route } from '@/server/http/route';
import { ValidationError } from '@/server/errors';
import { listFiles, uploadFile } from '@/server/services/container-files';
import { UPLOAD_LIMIT_BYTES } from '@/server/contracts/container-files';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const GET = route<Params>(({ req, rt, user, params }) =>
  listFiles(rt, user, params.hostId, params.id, new URL(req.url).searchParams.get('path') ?? '/'),
);

/** Upload one file into a folder: multipart form with `dir` and `file`. */
export const POST = route<Params>(async ({ req, rt, user, params }) => {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > UPLOAD_LIMIT_BYTES + 1024 * 1024) throw new ValidationError(`Files up to ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MiB can be uploaded`);
  const form = await req.formData().catch(() => {
    throw new ValidationError('Send the file as multipart/form-data with fields "dir" and "file"');
  });
  const file = form.get('file');
  if (!(file instanceof File)) throw new ValidationError('No file in the upload', { file: 'Choose a file' });
  const result = await uploadFile(rt, user, params.hostId, params.id, {
    dir: form.get('dir'),
    name: file.name,
    data: Buffer.from(await file.arrayBuffer()),
  });
  return Response.json(result, { status: 201 });
});
