import { readJson, route } from '@/server/http/route';
import { deleteManifest, tagManifest } from '@/server/services/registry-browse';

export const dynamic = 'force-dynamic';

type Params = { id: string };

/** A tag's (or digest's) manifest, layers and config: `?repo=team/app&ref=1.0`. */
export const GET = route<Params>(({ req, rt, user, params }) => {
  const q = new URL(req.url).searchParams;
  return tagManifest(rt, user, params.id, { repo: q.get('repo'), ref: q.get('ref'), platform: q.get('platform') ?? undefined });
});

/** Deletes a manifest by digest (`{repo, digest}`): every tag pointing to it goes too. Audited. */
export const DELETE = route<Params>(async ({ req, rt, user, params }) => deleteManifest(rt, user, params.id, await readJson(req)));
