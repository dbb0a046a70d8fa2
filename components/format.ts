/** Binary units, as `docker info` reports memory: 33560424448 → "31.3 GiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes <= 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** "12s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time, sortable and unambiguous: "2025-11-23 18:30:12". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function shortCommit(commit: string | null | undefined): string | null {
  if (!commit) return null;
  return commit.length > 12 ? commit.slice(0, 12) : commit;
}

/** How every page counts a host's images: by id (an image with three tags is one), with its tags beside. */
export function imageCountText(ids: number, tags: number | null): string {
  return `${ids} image${ids === 1 ? '' : 's'} by id${tags === null ? '' : `, ${tags} tag${tags === 1 ? '' : 's'}`}`;
}
