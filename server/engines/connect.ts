import type Docker from 'dockerode';
import type { EngineInput } from '../contracts/engines';
import { EngineConnectionError, EngineError, isAppError, type AppError } from '../errors';
import { GuardedDocker } from './guarded-docker';

/** The newest Docker API version Wharf has been written against; older engines are spoken to in their own. */
export const MAX_API_VERSION = '1.47';

export function compareApiVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function negotiateApiVersion(engineApi: string): string {
  return compareApiVersions(engineApi, MAX_API_VERSION) < 0 ? engineApi : MAX_API_VERSION;
}

/** A dockerode client for one engine, without an API version until `negotiate` sets it. */
export function createDockerClient(spec: EngineInput): Docker {
  switch (spec.kind) {
    case 'socket':
      return new GuardedDocker({ socketPath: spec.socketPath });
    case 'tcp':
      return new GuardedDocker({ host: spec.host, port: spec.port, protocol: 'http' });
    case 'tls':
      return new GuardedDocker({
        host: spec.host,
        port: spec.port,
        protocol: 'https',
        ca: spec.ca,
        cert: spec.cert,
        key: spec.key,
      });
    case 'ssh':
      return new GuardedDocker({
        protocol: 'ssh',
        host: spec.host,
        port: spec.port,
        username: spec.username,
        sshOptions: {
          privateKey: spec.privateKey,
          ...(spec.passphrase ? { passphrase: spec.passphrase } : {}),
          readyTimeout: 10_000,
        },
      } as Docker.DockerOptions);
  }
}

export interface Negotiated {
  version: Record<string, unknown>;
  apiVersion: string;
  negotiatedApiVersion: string;
}

/** Asks `/version` unversioned, then pins the client to the highest version both sides speak. */
export async function negotiate(docker: Docker, spec: EngineInput, timeoutMs = 10_000): Promise<Negotiated> {
  const version = (await withTimeout(docker.version(), timeoutMs, spec)) as unknown as Record<string, unknown>;
  const apiVersion = String(version.ApiVersion ?? '');
  if (!/^\d+\.\d+$/.test(apiVersion)) {
    throw new EngineConnectionError('ENGINE_UNREACHABLE', `${describeTarget(spec)} did not answer like a Docker engine`);
  }
  const negotiatedApiVersion = negotiateApiVersion(apiVersion);
  (docker as unknown as { modem: { version: string } }).modem.version = `v${negotiatedApiVersion}`;
  return { version, apiVersion, negotiatedApiVersion };
}

function describeTarget(spec: EngineInput): string {
  switch (spec.kind) {
    case 'socket':
      return spec.socketPath;
    case 'tcp':
    case 'tls':
      return `${spec.host}:${spec.port}`;
    case 'ssh':
      return `${spec.username}@${spec.host}:${spec.port}`;
  }
}

class TimeoutError extends Error {
  code = 'ETIMEDOUT';
}

export function withTimeout<T>(p: Promise<T>, ms: number, spec: EngineInput): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`No answer from ${describeTarget(spec)} within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/**
 * Turns a failure talking to an engine into words an operator can act on.
 * Connection problems are the user's configuration (4xx); refusals keep the engine's status.
 */
export function describeEngineError(err: unknown, spec: EngineInput): AppError {
  if (isAppError(err)) return err;
  const e = (err ?? {}) as {
    code?: string;
    message?: string;
    statusCode?: number;
    json?: { message?: string };
    reason?: string;
    level?: string;
  };
  const target = describeTarget(spec);
  const raw = (e.message ?? String(err)).trim();

  if (typeof e.statusCode === 'number') {
    const fromEngine = e.json?.message ?? extractDockerMessage(raw) ?? e.reason ?? raw;
    if (spec.kind === 'tcp' && /HTTPS server/i.test(fromEngine)) {
      return new EngineConnectionError('ENGINE_TLS', `${target} expects TLS: choose "TCP + TLS" and give its certificates`);
    }
    return new EngineError(fromEngine, e.statusCode);
  }
  const code = e.code ?? '';
  if (spec.kind === 'ssh' || e.level === 'client-authentication' || e.level === 'client-socket') {
    if (/authentication methods failed/i.test(raw)) {
      return new EngineConnectionError('ENGINE_AUTH', `SSH authentication failed for ${target}: the server did not accept this key`);
    }
    if (/privateKey|private key|Unsupported key format|Encrypted private key/i.test(raw)) {
      return new EngineConnectionError('ENGINE_AUTH', `The SSH private key cannot be used: ${raw}`);
    }
    if (/handshake|Timed out while waiting for handshake/i.test(raw)) {
      return new EngineConnectionError('ENGINE_UNREACHABLE', `SSH handshake with ${target} timed out`);
    }
  }
  if (code === 'ENOENT' && spec.kind === 'socket') {
    return new EngineConnectionError('ENGINE_UNREACHABLE', `No Docker socket at ${spec.socketPath}`);
  }
  if (code === 'EACCES') {
    return new EngineConnectionError('ENGINE_UNREACHABLE', `Permission denied on ${target}: Wharf's user cannot use this socket`);
  }
  if (code === 'ECONNREFUSED') {
    return new EngineConnectionError('ENGINE_UNREACHABLE', `Connection refused by ${target}: is dockerd listening there?`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new EngineConnectionError('ENGINE_UNREACHABLE', `Host not found: ${'host' in spec ? spec.host : target}`);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new EngineConnectionError('ENGINE_UNREACHABLE', raw.startsWith('No answer') ? raw : `No answer from ${target} (timed out)`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new EngineConnectionError('ENGINE_UNREACHABLE', `${target} cannot be reached from Wharf's host (${code})`);
  }
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_OSSL') ||
    code.startsWith('ERR_TLS') ||
    /certificate|SSL|TLS/i.test(raw)
  ) {
    return new EngineConnectionError('ENGINE_TLS', `TLS handshake with ${target} failed: ${tlsHint(code, raw)}`);
  }
  if ((code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(raw)) && spec.kind === 'tls') {
    return new EngineConnectionError('ENGINE_TLS', `${target} closed the TLS connection: it did not accept this client certificate`);
  }
  if (code === 'ECONNRESET' || /socket hang up/i.test(raw)) {
    return new EngineConnectionError('ENGINE_UNREACHABLE', `${target} closed the connection (${raw})`);
  }
  return new EngineConnectionError('ENGINE_UNREACHABLE', `${target}: ${raw || 'unknown error'}`);
}

function tlsHint(code: string, raw: string): string {
  switch (code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return "the engine's certificate is not signed by the CA you gave";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the engine's certificate is not valid for this host name (${raw})`;
    case 'CERT_HAS_EXPIRED':
      return "the engine's certificate has expired";
    default:
      // The engine's alerts (unknown ca, bad certificate, certificate required) are about our client cert.
      if (/ALERT/.test(code) || /alert/i.test(raw)) return `the engine did not accept this client certificate (${raw})`;
      if (code.startsWith('ERR_OSSL') || /PEM|key values mismatch/i.test(raw)) return `the certificate or key cannot be read (${raw})`;
      return raw;
  }
}

export function extractDockerMessage(raw: string): string | null {
  const m = /\(HTTP code \d+\)[^-]*- (.*)$/s.exec(raw);
  return m?.[1]?.trim() || null;
}
