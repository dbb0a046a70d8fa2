import type { ComponentVersion, HostInfo } from '@/server/contracts/engines';
import { shortCommit } from '../format';
import { Missing } from '../ui/key-value';

/** "1.7.22" with the commit on hover (or the short commit when the engine reports no version). */
export function ComponentVersionText({ c }: { c: ComponentVersion }) {
  const text = c.version ?? shortCommit(c.commit);
  if (!text) return <Missing>unknown</Missing>;
  return (
    <span className="font-mono text-[12px]" title={c.commit ? `commit ${c.commit}` : undefined}>
      {text}
    </span>
  );
}

/** "API 1.47", plus what Wharf negotiated when that differs. */
export function apiVersionText(info: HostInfo): string {
  return info.negotiatedApiVersion && info.negotiatedApiVersion !== info.apiVersion
    ? `${info.apiVersion} (negotiated ${info.negotiatedApiVersion})`
    : info.apiVersion;
}

export function ListOrNone({ items }: { items: string[] }) {
  if (items.length === 0) return <Missing />;
  return <span title={items.join('\n')}>{items.join(', ')}</span>;
}
