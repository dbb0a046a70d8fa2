import { parseImageRef } from '../contracts/images';
import type { Runtime } from '../runtime';
import { findRegistryByAddress, listRegistryRows, type RegistryRow } from '../store/registries';

// Saved registry credentials as the engine wants them. They are read here, on the server, for one
// engine call at a time: they never reach a browser, a log line or the audit log.

export interface EngineAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** Docker Hub's credentials are keyed by this address, as the CLI does. */
const HUB_ADDRESS = 'https://index.docker.io/v1/';

/** Credentials as the engine's pull, push and `/auth` take them. */
export const engineAuth = (address: string, username: string, password: string): EngineAuth => ({
  username,
  password,
  serveraddress: address === 'docker.io' ? HUB_ADDRESS : address,
});

function toAuth(rt: Runtime, row: RegistryRow): EngineAuth | null {
  if (!row.username || !row.secret) return null;
  return engineAuth(row.address, row.username, rt.box.open(row.secret));
}

/** The saved credentials for the registry an image reference names, or null (an anonymous pull). */
export function authForImage(rt: Runtime, ref: string): EngineAuth | null {
  const parsed = parseImageRef(ref);
  if (!parsed) return null;
  const row = findRegistryByAddress(rt.db, parsed.domain);
  return row ? toAuth(rt, row) : null;
}

/** Every saved credential, keyed by address: a build's `X-Registry-Config` (its FROM lines may name any registry). */
export function registryConfig(rt: Runtime): Record<string, EngineAuth> {
  const out: Record<string, EngineAuth> = {};
  for (const row of listRegistryRows(rt.db)) {
    const auth = toAuth(rt, row);
    if (auth) out[auth.serveraddress] = auth;
  }
  return out;
}
