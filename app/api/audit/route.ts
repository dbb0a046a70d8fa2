import { z } from 'zod';
import { route } from '@/server/http/route';
import { listAuditEntries } from '@/server/services/audit';
import { validationFromZod } from '@/server/errors';

export const dynamic = 'force-dynamic';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.coerce.number().int().min(1).optional(),
});

export const GET = route(({ req, rt, user }) => {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return listAuditEntries(rt, user, parsed.data);
});
