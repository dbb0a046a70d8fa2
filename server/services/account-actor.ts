import type { SessionUser } from '../contracts/auth';
import { ForbiddenError, UnauthenticatedError } from '../errors';

/**
 * The check of the account routes (own password, sessions, tokens): any signed-in user acts on their
 * own account, with a browser session. An API token cannot mint tokens or change the password.
 */
export function requireAccountActor(actor: SessionUser | null): SessionUser {
  if (!actor) throw new UnauthenticatedError();
  if (actor.token) throw new ForbiddenError('An API token cannot manage the account: sign in to Wharf instead');
  return actor;
}
