import { z } from 'zod';

export const containerPathSchema = z
  .string()
  .min(1, 'Path is required')
  .max(4096, 'Path is too long')
  .refine((p) => p.startsWith('/'), 'Path must be absolute')
  .refine((p) => !p.includes('\0'), 'Path contains a NUL byte');

export const uploadNameSchema = z
  .string()
  .min(1, 'File name is required')
  .max(255, 'File name is too long')
  .refine((n) => !n.includes('/') && n !== '.' && n !== '..' && !n.includes('\0'), 'File name must not contain / or be . or ..');

export const commitSchema = z.object({
  repo: z
    .string()
    .trim()
    .min(1, 'Repository is required')
    .max(256)
    .regex(
      /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
      'Repository must be lowercase, like team/app or registry:5000/team/app',
    ),
  tag: z
    .string()
    .trim()
    .max(128)
    .regex(/^$|^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'Tag may contain letters, digits, _ . and -')
    .default('latest'),
  comment: z.string().max(1000).default(''),
  author: z.string().max(256).default(''),
  pause: z.boolean().default(true),
});
export type CommitInput = z.input<typeof commitSchema>;

export { UPLOAD_LIMIT_BYTES } from './upload-limit';
