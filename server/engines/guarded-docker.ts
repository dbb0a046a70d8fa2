import Docker from 'dockerode';
import modemHttp from 'docker-modem/lib/http.js';
import { isExecId, isImageRef, isObjectRef, quoteRef } from '../contracts/refs';
import { ValidationError } from '../errors';

/**
 * docker-modem follows up to 5 redirects by default: an engine (or whatever answers in its place)
 * could send Wharf's request, with its credentials, anywhere. Wharf never follows one.
 */
function refuseEngineRedirects(): void {
  modemHttp.maxRedirects = 0;
}
refuseEngineRedirects();

function check(kind: string, ref: unknown, valid: (s: string) => boolean): string {
  if (typeof ref !== 'string' || !valid(ref)) throw new ValidationError(`Not a valid ${kind} reference: "${quoteRef(ref)}"`);
  return ref;
}

const strip = (s: unknown) => (typeof s === 'string' && s.startsWith('/') && !s.startsWith('//') ? s.slice(1) : s);

/**
 * The one door to an engine's objects: every id or name is checked against the engine's own grammar
 * before dockerode splices it into a request path, whoever the caller is (route, socket, hub).
 */
export class GuardedDocker extends Docker {
  override getContainer(id: string): Docker.Container {
    return super.getContainer(check('container', strip(id), isObjectRef));
  }
  override getImage(name: string): Docker.Image {
    return super.getImage(check('image', name, isImageRef));
  }
  override getVolume(name: string): Docker.Volume {
    return super.getVolume(check('volume', name, isObjectRef));
  }
  override getNetwork(id: string): Docker.Network {
    return super.getNetwork(check('network', id, isObjectRef));
  }
  override getExec(id: string): Docker.Exec {
    return super.getExec(check('exec', id, isExecId));
  }
  override getPlugin(name: string, remote: string): Docker.Plugin {
    return super.getPlugin(check('plugin', name, isImageRef), remote);
  }
  override getService(id: string): Docker.Service {
    return super.getService(check('service', id, isObjectRef));
  }
  override getTask(id: string): Docker.Task {
    return super.getTask(check('task', id, isObjectRef));
  }
  override getNode(id: string): Docker.Node {
    return super.getNode(check('node', id, isObjectRef));
  }
  override getSecret(id: string): Docker.Secret {
    return super.getSecret(check('secret', id, isObjectRef));
  }
  override getConfig(id: string): Docker.Config {
    return super.getConfig(check('config', id, isObjectRef));
  }
}
