import { route } from '@/server/http/route';
import { containerSpec } from '@/server/services/container-create';
import { maskSpec } from '@/server/services/container-secrets';

export const dynamic = 'force-dynamic';

// The form gets env values masked; what is left masked keeps its value on recreate, Reveal shows it.
export const GET = route<{ hostId: string; id: string }>(async ({ rt, user, params }) =>
  maskSpec(await containerSpec(rt, user, params.hostId, params.id)),
);
