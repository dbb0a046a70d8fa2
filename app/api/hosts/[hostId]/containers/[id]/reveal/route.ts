import { route } from '@/server/http/route';
import { revealContainerSecrets } from '@/server/services/container-secrets';

export const dynamic = 'force-dynamic';

/** Reveal a container's env and command in clear: an explicit, audited act (POST only). */
export const POST = route<{ hostId: string; id: string }>(({ rt, user, params }) =>
  revealContainerSecrets(rt, user, params.hostId, params.id),
);
