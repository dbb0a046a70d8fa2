import { route } from '@/server/http/route';
import { cancelOperation } from '@/server/services/image-transfer';

export const dynamic = 'force-dynamic';

/** Asks a running operation to stop; it ends as cancelled once its engine stream is down. */
export const POST = route<{ id: string }>(async ({ rt, user, params }) => cancelOperation(rt, user, params.id));
