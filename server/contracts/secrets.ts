/** What a masked value reads as, everywhere: overview, inspect, the edit form, the audit log. */
export const MASKED = '••••••••';

/** What Reveal answers: a container's env and command as the engine has them. */
export interface RevealedSecrets {
  env: string[];
  cmd: string[];
  entrypoint: string[];
}
