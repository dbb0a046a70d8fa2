import { z } from 'zod';
import { containerRefValue, hasControl, isIP, isIPv6 } from './refs';
import { NETWORK_DRIVERS } from './networks';

// Requests of network administration: create, connect, disconnect, prune. The browser imports only
// the types (`import type`), the server the schemas.

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const INTERFACE = /^[a-zA-Z0-9][a-zA-Z0-9_.@:-]{0,14}$/;
const IPV4 = (s: string) => isIP(s) && !s.includes(':');

/** `a.b.c.d/n` or an IPv6 prefix; `v6` says which family the field wants. */
export function isCidr(s: string, v6: boolean): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  return v6 ? isIPv6(m[1]!) && bits <= 128 : IPV4(m[1]!) && bits <= 32;
}

const optional = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => (s ? s : undefined))
    .pipe(schema.optional());

const cidr = (v6: boolean, example: string) =>
  optional(z.string().refine((s) => isCidr(s, v6), `Enter a subnet in CIDR form, e.g. ${example}`));
const ip = (v6: boolean, example: string) =>
  optional(z.string().refine((s) => (v6 ? isIPv6(s) : IPV4(s)), `Enter an ${v6 ? 'IPv6' : 'IPv4'} address, e.g. ${example}`));

const labelKey = z
  .string()
  .trim()
  .min(1, 'A label needs a key')
  .max(255, 'A label key is at most 255 characters')
  .refine((s) => !hasControl(s) && !s.includes('='), 'A label key has no = or control characters');

export const createNetworkSchema = z
  .object({
    name: z
      .string({ message: 'Enter a name' })
      .trim()
      .min(1, 'Enter a name')
      .max(255, 'A name is at most 255 characters')
      .regex(NAME, 'A name is letters, digits, _ . or -, starting with a letter or digit')
      .refine((s) => !/^[a-f0-9]{64}$/.test(s), 'A name cannot look like a network id'),
    driver: z.enum(NETWORK_DRIVERS, { message: `The driver is one of ${NETWORK_DRIVERS.join(', ')}` }).default('bridge'),
    /** macvlan / ipvlan: the host interface the network sits on. */
    parent: optional(z.string().regex(INTERFACE, 'Enter a host interface name, e.g. eth0 or eth0.10')),
    subnet: cidr(false, '10.20.0.0/24'),
    gateway: ip(false, '10.20.0.1'),
    ipRange: cidr(false, '10.20.0.128/25'),
    ipv6: z.boolean().default(false),
    subnetV6: cidr(true, 'fd00:20::/64'),
    gatewayV6: ip(true, 'fd00:20::1'),
    labels: z
      .array(z.object({ key: labelKey, value: z.string().max(4096, 'A label value is at most 4096 characters').default('') }))
      .max(100, 'At most 100 labels')
      .default([]),
    internal: z.boolean().default(false),
    attachable: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.gateway && !v.subnet) ctx.addIssue({ code: 'custom', path: ['gateway'], message: 'A gateway needs a subnet' });
    if (v.ipRange && !v.subnet) ctx.addIssue({ code: 'custom', path: ['ipRange'], message: 'An IP range needs a subnet' });
    if (v.gatewayV6 && !v.subnetV6) ctx.addIssue({ code: 'custom', path: ['gatewayV6'], message: 'An IPv6 gateway needs an IPv6 subnet' });
    if (v.subnetV6 && !v.ipv6) ctx.addIssue({ code: 'custom', path: ['subnetV6'], message: 'An IPv6 subnet needs IPv6 turned on' });
    if (v.parent && v.driver !== 'macvlan' && v.driver !== 'ipvlan')
      ctx.addIssue({ code: 'custom', path: ['parent'], message: 'A parent interface is for macvlan and ipvlan networks' });
    const keys = new Set<string>();
    v.labels.forEach((l, i) => {
      if (keys.has(l.key)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'key'], message: `Label ${l.key} is given twice` });
      keys.add(l.key);
    });
  });
export type CreateNetworkInput = z.input<typeof createNetworkSchema>;

const alias = z
  .string()
  .trim()
  .min(1, 'An alias cannot be empty')
  .max(255, 'An alias is at most 255 characters')
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'An alias is letters, digits, _ . or -, starting with a letter or digit');

export const connectNetworkSchema = z.object({
  container: containerRefValue,
  aliases: z.array(alias).max(20, 'At most 20 aliases').default([]),
  ipv4: ip(false, '10.20.0.50'),
});
export type ConnectNetworkInput = z.input<typeof connectNetworkSchema>;

export const disconnectNetworkSchema = z.object({ container: containerRefValue, force: z.boolean().default(false) });
export type DisconnectNetworkInput = z.input<typeof disconnectNetworkSchema>;

export const pruneNetworksSchema = z
  .object({
    /** `key` or `key=value`, as `docker network prune --filter label=` takes it. */
    label: optional(
      z
        .string()
        .max(512, 'A label filter is at most 512 characters')
        .refine((s) => !hasControl(s), 'A label filter has no control characters'),
    ),
    /** Without a label, every unused network goes: the caller says so explicitly. */
    all: z.literal(true).optional(),
  })
  .refine((v) => v.label || v.all, { message: 'Say which networks to prune: a label filter, or all unused networks', path: ['label'] });
export type PruneNetworksInput = z.input<typeof pruneNetworksSchema>;
