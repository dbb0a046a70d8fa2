import { EventEmitter } from 'node:events';
import type { ContainerSummary } from '../contracts/containers';
import { parseImageRef, type ParsedImageRef } from '../contracts/images';
import { updateKey, type ContainerUpdate, type UpdateSettings } from '../contracts/updates';
import { RegistryClient, RegistryError } from '../registry/client';
import { headDigest } from '../registry/manifests';
import type { Runtime } from '../runtime';
import { findRegistryByAddress } from '../store/registries';
import { getSetting, setSetting } from '../store/settings';
import type { OperationHandle } from './operations';

// "Update available": for every running container, whether its image's tag names another digest in
// its registry now. The registry is asked by HEAD, at most once per (host, reference) per interval
// (a per-container "Check now" asks again); a 429 doubles that registry's interval and keeps the
// last answer. Results are live state (the `updates` view): they change with containers and images.

export const INTERVAL_SETTING = 'update_check_interval_minutes';
export const DEFAULT_INTERVAL_MINUTES = 360;
/** How often the schedule looks for references whose interval has passed. */
const TICK_MS = 60_000;

interface RemoteAnswer {
  /** What the tag named at the last answer (null: no such tag), undefined before any answer. */
  digest: string | null | undefined;
  /** When the registry last answered. */
  answeredAt: number | null;
  /** When it was last asked (answered or not): the interval counts from here. */
  askedAt: number;
  /** The last ask failed: why, and whether it was a rate limit (then the last answer still holds). */
  failure: { reason: string; rateLimited: boolean } | null;
}

interface Target {
  hostId: string;
  ref: ParsedImageRef;
}

export interface CheckSummary {
  asked: number;
  cached: number;
  updates: number;
  failed: number;
}

const REPO_OF = (ref: ParsedImageRef) => `${ref.domain}/${ref.path}`;
const looksLikeId = (s: string) => /^(sha256:)?[a-f0-9]{12,64}$/.test(s);

export class UpdateChecker extends EventEmitter<{ changed: [ContainerUpdate]; removed: [{ hostId: string; containerId: string }] }> {
  private readonly remote = new Map<string, RemoteAnswer>();
  private readonly results = new Map<string, ContainerUpdate>();
  private readonly sent = new Map<string, string>();
  /** The reference each container was created with (`Config.Image`: the list shows an id once the tag moved). */
  private readonly references = new Map<string, string>();
  /** Per registry address: 429s in a row and when it may be asked again. */
  private readonly backoff = new Map<string, { level: number; until: number }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CheckSummary> | null = null;
  /** HEAD requests sent to registries, per reference (what the interval rule is measured by). */
  readonly registryRequests = new Map<string, number>();

  constructor(private readonly rt: Runtime) {
    super();
    this.setMaxListeners(0);
    const reg = rt.engines;
    reg.on('container.updated', (c) => void this.refresh(c));
    reg.on('container.removed', ({ hostId, id }) => this.drop(hostId, id));
    reg.on('containers.reset', ({ hostId, containers }) => {
      const ids = new Set(containers.map((c) => c.id));
      for (const r of [...this.results.values()]) if (r.hostId === hostId && !ids.has(r.containerId)) this.drop(hostId, r.containerId);
      for (const c of containers) void this.refresh(c);
    });
    reg.on('image.updated', (img) => this.refreshHost(img.hostId));
    reg.on('images.reset', ({ hostId }) => this.refreshHost(hostId));
    reg.on('engine.removed', ({ id }) => {
      for (const r of [...this.results.values()]) if (r.hostId === id) this.drop(id, r.containerId);
    });
  }

  /** Starts the schedule (not in tests that drive checks themselves). */
  startSchedule(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.scheduled(), TICK_MS);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  list(): ContainerUpdate[] {
    return [...this.results.values()];
  }

  get(hostId: string, containerId: string): ContainerUpdate | undefined {
    return this.results.get(updateKey(hostId, containerId));
  }

  settings(): UpdateSettings {
    const env = this.rt.config.updateIntervalMinutes;
    if (env) return { intervalMinutes: env, fromEnv: true };
    const saved = Number(getSetting(this.rt.db, INTERVAL_SETTING));
    return { intervalMinutes: Number.isFinite(saved) && saved > 0 ? saved : DEFAULT_INTERVAL_MINUTES, fromEnv: false };
  }

  setInterval(minutes: number): UpdateSettings {
    setSetting(this.rt.db, INTERVAL_SETTING, String(minutes));
    return this.settings();
  }

  private intervalMs(address: string): number {
    const base = this.settings().intervalMinutes * 60_000;
    return base * 2 ** (this.backoff.get(address)?.level ?? 0);
  }

  /** References whose interval has passed (what the schedule and "Check all" ask about). */
  private due(targets: Target[], force: boolean): Target[] {
    const now = Date.now();
    return targets.filter((t) => {
      const ans = this.remote.get(this.remoteKey(t));
      if ((this.backoff.get(t.ref.domain)?.until ?? 0) > now) return false;
      return force || !ans || now - ans.askedAt >= this.intervalMs(t.ref.domain);
    });
  }

  /** Running containers in scope, each with its current answer. */
  async targets(scope: { hostId?: string; containerId?: string } = {}): Promise<Target[]> {
    const hubs = scope.hostId ? [this.rt.engines.get(scope.hostId)] : this.rt.engines.list();
    const seen = new Map<string, Target>();
    for (const hub of hubs) {
      // A push adds a RepoDigest without an image event: list the images again before comparing.
      if (hub.docker()) await hub.syncImages().catch(() => undefined);
      for (const c of hub.containers.values()) {
        if (scope.containerId && c.id !== scope.containerId) continue;
        const r = await this.refresh(c);
        if (!r || r.state === 'not-registry') continue;
        const ref = parseImageRef(r.reference)!;
        seen.set(`${hub.id}|${ref.full}`, { hostId: hub.id, ref });
      }
    }
    return [...seen.values()];
  }

  /**
   * Asks the registries about the containers in scope. `force` asks even within the interval (a
   * per-container "Check now"); a registry backing off after a 429 is never asked early.
   */
  async check(scope: { hostId?: string; containerId?: string; force?: boolean } = {}, h?: OperationHandle): Promise<CheckSummary> {
    const all = await this.targets(scope);
    const due = this.due(all, scope.force ?? false);
    const summary: CheckSummary = { asked: 0, cached: all.length - due.length, updates: 0, failed: 0 };
    let n = 0;
    for (const t of due) {
      h?.status(`Checking ${t.ref.familiar} (${++n} of ${due.length})`);
      await this.ask(t);
      summary.asked++;
      if (this.remote.get(this.remoteKey(t))?.failure) summary.failed++;
    }
    for (const hub of scope.hostId ? [this.rt.engines.get(scope.hostId)] : this.rt.engines.list())
      for (const c of hub.containers.values()) {
        const r = await this.refresh(c);
        if (r?.state === 'update-available' && (!scope.containerId || c.id === scope.containerId)) summary.updates++;
      }
    return summary;
  }

  /** What the schedule runs: only references whose interval has passed; nothing due, no operation. */
  async dueCount(): Promise<number> {
    return this.due(await this.targets(), false).length;
  }

  private async scheduled(): Promise<void> {
    if (this.running) return;
    try {
      if (!(await this.dueCount())) return;
      const { startCheckAll } = await import('./updates');
      await startCheckAll(this.rt, null).done;
    } catch (err) {
      console.error('[wharf] scheduled update check failed', err);
    }
  }

  /** One check at a time: a second "Check all" while one runs waits for it. */
  exclusive(run: () => Promise<CheckSummary>): Promise<CheckSummary> {
    if (this.running) return this.running;
    this.running = run().finally(() => (this.running = null));
    return this.running;
  }

  private remoteKey(t: Target): string {
    return `${t.hostId}|${t.ref.full}`;
  }

  private async ask(t: Target): Promise<void> {
    const key = this.remoteKey(t);
    const prev = this.remote.get(key);
    const now = Date.now();
    const row = findRegistryByAddress(this.rt.db, t.ref.domain);
    const client = new RegistryClient({
      address: t.ref.domain,
      username: row?.username ?? null,
      password: row?.username && row.secret ? this.rt.box.open(row.secret) : null,
    });
    this.registryRequests.set(t.ref.full, (this.registryRequests.get(t.ref.full) ?? 0) + 1);
    try {
      const digest = await headDigest(client, t.ref.path, t.ref.tag ?? 'latest');
      this.remote.set(key, { digest, answeredAt: now, askedAt: now, failure: null });
      this.backoff.delete(t.ref.domain);
    } catch (err) {
      const status = err instanceof RegistryError ? err.registryStatus : null;
      if (status === 429) {
        const level = (this.backoff.get(t.ref.domain)?.level ?? 0) + 1;
        this.backoff.set(t.ref.domain, { level, until: now + this.settings().intervalMinutes * 60_000 * 2 ** level });
        const next = new Date(now + this.intervalMs(t.ref.domain)).toISOString();
        this.remote.set(key, {
          digest: prev?.digest,
          answeredAt: prev?.answeredAt ?? null,
          askedAt: now,
          failure: { reason: `${t.ref.domain} asked Wharf to slow down (429): next check after ${next}`, rateLimited: true },
        });
      } else {
        const reason = err instanceof Error ? err.message : String(err);
        this.remote.set(key, {
          digest: prev?.digest,
          answeredAt: prev?.answeredAt ?? null,
          askedAt: now,
          failure: { reason, rateLimited: false },
        });
      }
    }
  }

  private refreshTimers = new Map<string, NodeJS.Timeout>();

  /** Images changed on a host (a pull, a tag moved): every answer there is derived again, once per burst. */
  private refreshHost(hostId: string): void {
    if (this.refreshTimers.has(hostId)) return;
    const t = setTimeout(() => {
      this.refreshTimers.delete(hostId);
      if (!this.rt.engines.has(hostId)) return;
      for (const c of this.rt.engines.get(hostId).containers.values()) void this.refresh(c);
    }, 50);
    t.unref();
    this.refreshTimers.set(hostId, t);
  }

  /** The container's answer from what is known (no registry call); published when it changed. */
  async refresh(c: ContainerSummary): Promise<ContainerUpdate | null> {
    if (c.state !== 'running') {
      this.drop(c.hostId, c.id);
      return null;
    }
    const reference = await this.referenceOf(c);
    const r = this.derive(c, reference);
    if (!this.rt.engines.has(c.hostId) || !this.rt.engines.get(c.hostId).containers.has(c.id)) return r;
    const key = updateKey(c.hostId, c.id);
    this.results.set(key, r);
    const json = JSON.stringify(r);
    if (this.sent.get(key) !== json) {
      this.sent.set(key, json);
      this.emit('changed', r);
    }
    return r;
  }

  private async referenceOf(c: ContainerSummary): Promise<string> {
    if (!looksLikeId(c.image)) return c.image;
    const known = this.references.get(c.id);
    if (known) return known;
    try {
      const docker = this.rt.engines.get(c.hostId).docker();
      if (!docker) return c.image;
      const raw = (await docker.getContainer(c.id).inspect()) as { Config?: { Image?: string } };
      const image = raw.Config?.Image ?? c.image;
      this.references.set(c.id, image);
      return image;
    } catch {
      return c.image;
    }
  }

  private derive(c: ContainerSummary, reference: string): ContainerUpdate {
    const ref = looksLikeId(reference) ? null : parseImageRef(reference);
    const base: ContainerUpdate = {
      hostId: c.hostId,
      containerId: c.id,
      reference: ref?.full ?? reference,
      state: 'not-registry',
      localDigests: [],
      remoteDigest: null,
      checkedAt: null,
      reason: null,
    };
    // Pinned by digest, or created from an image id: no tag that could move.
    if (!ref || ref.digest) return base;
    const image = this.rt.engines.has(c.hostId) ? this.rt.engines.get(c.hostId).images.get(c.imageId) : undefined;
    const localDigests = (image?.digests ?? [])
      .map((d) => parseImageRef(d))
      .filter((d): d is ParsedImageRef => !!d?.digest && REPO_OF(d) === REPO_OF(ref))
      .map((d) => d.digest!);
    // Built here and never pushed or pulled under that name: nothing in a registry to compare with.
    if (!localDigests.length) return { ...base, reference: ref.full };
    const ans = this.remote.get(`${c.hostId}|${ref.full}`);
    const out: ContainerUpdate = {
      ...base,
      reference: ref.full,
      localDigests,
      state: 'unchecked',
      remoteDigest: ans?.digest ?? null,
      checkedAt: ans?.answeredAt ? new Date(ans.answeredAt).toISOString() : null,
      reason: ans?.failure?.reason ?? null,
    };
    if (!ans) return out;
    if (ans.failure && !ans.failure.rateLimited) return { ...out, state: 'error' };
    if (ans.digest === undefined) return out;
    if (ans.digest === null) return { ...out, state: 'tag-missing' };
    return { ...out, state: localDigests.includes(ans.digest) ? 'up-to-date' : 'update-available' };
  }

  private drop(hostId: string, containerId: string): void {
    const key = updateKey(hostId, containerId);
    this.references.delete(containerId);
    this.sent.delete(key);
    if (this.results.delete(key)) this.emit('removed', { hostId, containerId });
  }
}
