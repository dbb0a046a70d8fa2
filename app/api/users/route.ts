import { z } from 'zod';
import { hostIdSchema } from '@/server/contracts/refs';
import { ConflictError, validationFromZod } from '@/server/errors';
import { readJson, route } from '@/server/http/route';
import { audited } from '@/server/services/audit';
import { hashPassword } from '@/server/services/auth';
import { authorize } from '@/server/services/authorize';
import { setHostGrants } from '@/server/store/user-grants';
import { findUserByName, insertUser } from '@/server/store/users';

// Minimal user creation (role and host grants) for the access journey; the user-admin API of issue 11 point 1 supersedes it.

export const dynamic = 'force-dynamic';

const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'Username is required')
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'Username may contain letters, digits and . _ @ - only'),
  password: z.string().min(8, 'Password must be at least 8 characters').max(256),
  role: z.enum(['admin', 'operator', 'viewer']),
  hosts: z.union([z.literal('all'), z.array(hostIdSchema).max(500)]).default('all'),
});

export const POST = route(async ({ req, rt, user }) => {
  authorize(user, 'users.manage');
  const parsed = createUserSchema.safeParse(await readJson(req));
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { username, password, role, hosts } = parsed.data;
  if (findUserByName(rt.db, username)) throw new ConflictError(`A user named ${username} already exists`);
  const hash = await hashPassword(password);
  const made = await audited(
    rt,
    user,
    'user.create',
    `user:${username}`,
    () => {
      const row = insertUser(rt.db, username, hash, role);
      setHostGrants(rt.db, row.id, hosts);
      return { id: row.id, username, role, hosts };
    },
    () => `${role}, hosts: ${hosts === 'all' ? 'all' : hosts.join(', ')}`,
  );
  return Response.json(made, { status: 201 });
});
