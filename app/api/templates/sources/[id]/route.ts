import { route } from '@/server/http/route';
import { removeTemplateSource } from '@/server/services/templates';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ id: string }>(async ({ rt, user, params }) => {
  await removeTemplateSource(rt, user, params.id);
});
