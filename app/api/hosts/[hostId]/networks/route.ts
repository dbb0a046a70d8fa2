import { readJson, route } from '@/server/http/route';
import { listNetworkOptions } from '@/server/services/engine-resources';
import { createNetwork } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** Names and drivers, for the container form (the networks page follows the live `networks` view). */
export const GET = route<{ hostId: string }>(({ rt, user, params }) => listNetworkOptions(rt, user, params.hostId));

/** `{name, driver, parent?, subnet?, gateway?, ipRange?, ipv6, subnetV6?, gatewayV6?, labels, internal, attachable}`. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  createNetwork(rt, user, params.hostId, await readJson(req)),
);
