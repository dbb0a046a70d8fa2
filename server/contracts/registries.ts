import { z } from 'zod';

/** A saved registry as every screen sees it: never its password, only whether one is saved. */
export interface RegistrySummary {
  id: string;
  name: string;
  /** `host[:port]` as image references name it (`docker.io` for Docker Hub). */
  address: string;
  username: string | null;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a credentials check answers: the registry's own words, through which engine it was asked. */
export interface RegistryTestResult {
  ok: true;
  message: string;
  hostName: string;
}

const DOCKER_HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[a-f0-9:]+\])(?::[0-9]{1,5})?$/;

/**
 * A registry address as image references name it: scheme, `/v1/` or `/v2/` and a trailing slash
 * dropped, lower case, Docker Hub's aliases made `docker.io`. Null when it is not a host[:port].
 */
export function normalizeRegistryAddress(input: string): string | null {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
    .replace(/\/v[12]$/, '');
  if (DOCKER_HUB_NAMES.has(s)) return 'docker.io';
  return s.length <= 255 && DOMAIN.test(s) ? s : null;
}

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

const address = z
  .string({ message: 'Address is required' })
  .trim()
  .min(1, 'Address is required')
  .max(300)
  .transform((v, ctx) => {
    const a = normalizeRegistryAddress(v);
    if (!a)
      ctx.addIssue({ code: 'custom', message: 'Address is a registry host, optionally with a port (e.g. registry.example.com:5000)' });
    return a ?? v;
  });

export const registryInputSchema = z.object({
  name: z
    .string({ message: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(64, 'Name is at most 64 characters')
    .regex(NO_CONTROL, 'Name cannot hold control characters'),
  address,
  username: z.string().trim().max(256).regex(NO_CONTROL, 'User cannot hold control characters').default(''),
  /** Empty on edit keeps the saved one. */
  password: z.string().max(4096).regex(NO_CONTROL, 'Password cannot hold control characters').default(''),
});
export type RegistryInput = z.input<typeof registryInputSchema>;

export const registryTestSchema = z.object({
  /** A saved registry whose password fills a blank one. */
  id: z
    .string()
    .regex(/^[a-f0-9]{12}$/, 'Not a registry id')
    .optional(),
  address,
  username: z.string().trim().min(1, 'Enter the user to test').max(256).regex(NO_CONTROL, 'User cannot hold control characters'),
  password: z.string().max(4096).regex(NO_CONTROL, 'Password cannot hold control characters').default(''),
});
export type RegistryTestInput = z.input<typeof registryTestSchema>;

export const registryIdSchema = z.string().regex(/^[a-f0-9]{12}$/, 'Not a registry id');
