import type { EngineConnectionView, EngineInput } from '../contracts/engines';
import { parseJson } from '../json';
import type { EngineRow } from '../store/engines';
import type { SecretBox } from '../store/secrets';

type Secrets = Record<string, string>;

/** Splits an engine's settings into what may be shown and what is sealed at rest. */
export function splitSpec(spec: EngineInput): { config: Record<string, unknown>; secrets: Secrets | null } {
  switch (spec.kind) {
    case 'socket':
      return { config: { socketPath: spec.socketPath }, secrets: null };
    case 'tcp':
      return { config: { host: spec.host, port: spec.port }, secrets: null };
    case 'tls':
      return { config: { host: spec.host, port: spec.port }, secrets: { ca: spec.ca, cert: spec.cert, key: spec.key } };
    case 'ssh':
      return {
        config: { host: spec.host, port: spec.port, username: spec.username },
        secrets: { privateKey: spec.privateKey, passphrase: spec.passphrase ?? '' },
      };
  }
}

export function specFromRow(row: EngineRow, box: SecretBox): EngineInput {
  const config = parseJson<Record<string, unknown>>(row.config, `engine ${row.name}: config`);
  // A custom error: the default one would echo the start of the (decrypted) secrets into the log.
  const secretsInvalid = () => new Error(`engine ${row.name}: its secrets are not valid JSON`);
  const secrets = row.secrets ? parseJson<Secrets>(box.open(row.secrets), secretsInvalid) : {};
  return { kind: row.kind, name: row.name, ...config, ...secrets } as EngineInput;
}

/** On edit, blank secret fields keep the stored values (secrets never travel back to the browser). */
export function mergeSecrets(next: EngineInput, stored: EngineInput | null): EngineInput {
  if (!stored || stored.kind !== next.kind) return next;
  if (next.kind === 'tls' && stored.kind === 'tls') {
    return { ...next, ca: next.ca || stored.ca, cert: next.cert || stored.cert, key: next.key || stored.key };
  }
  if (next.kind === 'ssh' && stored.kind === 'ssh') {
    return {
      ...next,
      privateKey: next.privateKey || stored.privateKey,
      passphrase: next.passphrase || stored.passphrase,
    };
  }
  return next;
}

export function connectionView(spec: EngineInput): EngineConnectionView {
  switch (spec.kind) {
    case 'socket':
      return { kind: 'socket', socketPath: spec.socketPath };
    case 'tcp':
      return { kind: 'tcp', host: spec.host, port: spec.port };
    case 'tls':
      return { kind: 'tls', host: spec.host, port: spec.port, hasCa: !!spec.ca, hasCert: !!spec.cert, hasKey: !!spec.key };
    case 'ssh':
      return {
        kind: 'ssh',
        host: spec.host,
        port: spec.port,
        username: spec.username,
        hasPrivateKey: !!spec.privateKey,
        hasPassphrase: !!spec.passphrase,
      };
  }
}

/** Fields that a complete spec of its kind must have (after merging stored secrets). */
export function missingSecrets(spec: EngineInput): Record<string, string> {
  const missing: Record<string, string> = {};
  if (spec.kind === 'tls') {
    if (!spec.ca) missing['engine.ca'] = 'CA certificate is required';
    if (!spec.cert) missing['engine.cert'] = 'Client certificate is required';
    if (!spec.key) missing['engine.key'] = 'Client key is required';
  }
  if (spec.kind === 'ssh' && !spec.privateKey) missing['engine.privateKey'] = 'Private key is required';
  return missing;
}
