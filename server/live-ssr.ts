import { cookies } from 'next/headers';
import { compareContainerNames, type ContainerSummary } from './contracts/containers';
import type { InitialView, ViewSnapshot } from './contracts/live';
import { getRuntime } from './runtime';
import { SESSION_COOKIE, userFromToken } from './services/auth';

/** How many containers a server-rendered list carries: more than any screen shows, far fewer than thousands. */
export const FIRST_SCREEN_ROWS = 200;

/**
 * Snapshots for a page's server render, read from the hubs like a subscription's: the first screen
 * comes with the HTML. The page subscribes once it runs and the socket's snapshot takes over, so
 * nothing between the two is lost. Empty when there is no live runtime or session (never an error).
 *
 * `firstScreen`: a containers view carries only its first rows by name (marked partial), so the HTML
 * stays small with thousands of containers.
 */
export async function initialViews(specs: Array<InitialView['spec']>, opts: { firstScreen?: boolean } = {}): Promise<InitialView[]> {
  try {
    const rt = getRuntime();
    const user = userFromToken(rt, (await cookies()).get(SESSION_COOKIE)?.value);
    if (!user || !rt.live) return [];
    const live = rt.live;
    const at = Date.now();
    return specs.map((spec) => {
      const snapshot = live.snapshot(user, spec);
      return { spec, snapshot: spec.kind === 'containers' && opts.firstScreen ? firstRows(snapshot) : snapshot, at };
    });
  } catch {
    return [];
  }
}

function firstRows(snap: ViewSnapshot): ViewSnapshot {
  const all: ContainerSummary[] = [];
  for (const st of snap.streams) if (st.data.kind === 'containers') all.push(...st.data.containers);
  if (all.length <= FIRST_SCREEN_ROWS) return snap;
  const keep = new Set(all.sort((a, b) => compareContainerNames(a.name, b.name)).slice(0, FIRST_SCREEN_ROWS));
  return {
    ...snap,
    partial: true,
    streams: snap.streams.map((st) =>
      st.data.kind === 'containers' ? { ...st, data: { ...st.data, containers: st.data.containers.filter((c) => keep.has(c)) } } : st,
    ),
  };
}
