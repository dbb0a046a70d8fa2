'use client';

import Link from 'next/link';
import { CONTAINER_ACTIONS, type ContainerAction, type ContainerSummary } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import { formatAgo, formatDateTime } from '../../format';
import { cn } from '../../ui/cn';
import { Menu } from '../../ui/menu';
import { Spinner } from '../../ui/spinner';
import { ACTION_LABELS, actionApplies } from '../container-actions';
import { containerHref, portLabel, portUrl, shortId, stateDetail, terminalHref, uniquePorts } from '../container-model';
import { StateBadge } from '../state-badge';
import { UpdateStatus } from '../update-status';

function PortLinks({ ports, engine }: { ports: ContainerSummary['ports']; engine: EngineSummary | undefined }) {
  const list = uniquePorts(ports);
  if (!list.length) return <span className="text-zinc-300">—</span>;
  return (
    <span className="flex min-w-0 gap-1.5 overflow-hidden" title={list.map(portLabel).join(', ')}>
      {list.map((p) => {
        const url = portUrl(p, engine);
        const text = portLabel(p);
        return url ? (
          <a
            key={text}
            href={url}
            target="_blank"
            rel="noreferrer"
            className="shrink-0 font-mono text-[12px] text-sky-700 hover:underline"
            data-testid="port-link"
          >
            {text}
          </a>
        ) : (
          <span key={text} className="shrink-0 font-mono text-[12px] text-zinc-500">
            {text}
          </span>
        );
      })}
    </span>
  );
}

/** The row of a live container: select box, name and links, state, ports, age and its actions menu. */
export function LiveRow({
  c,
  hostName,
  engine,
  now,
  selected,
  onToggle,
  canManage,
  canExec,
  pending,
  onAction,
  onNavigate,
}: {
  c: ContainerSummary;
  hostName: string;
  engine: EngineSummary | undefined;
  now: number;
  selected: boolean;
  onToggle: () => void;
  canManage: boolean;
  canExec: boolean;
  pending: string | undefined;
  onAction: (a: ContainerAction) => void;
  onNavigate: (href: string) => void;
}) {
  const offline = engine && engine.status !== 'online';
  const detail = stateDetail(c, now);
  return (
    <tr
      data-testid="container-row"
      data-name={c.name}
      data-state={c.state}
      data-host-id={c.hostId}
      data-id={c.id}
      aria-selected={selected}
      className={cn('group h-[34px]', selected ? 'bg-sky-50/70' : 'hover:bg-zinc-50', offline && 'opacity-60')}
    >
      <td className="border-b border-zinc-100 pl-2.5">
        {canManage && (
          <input
            type="checkbox"
            aria-label={`Select ${c.name}`}
            className="size-3.5 accent-sky-700"
            checked={selected}
            onChange={onToggle}
          />
        )}
      </td>
      <td className="truncate border-b border-zinc-100 px-2 max-lg:leading-4">
        <Link
          href={containerHref(c.hostId, c.id)}
          className="font-medium text-zinc-900 hover:text-sky-700 hover:underline"
          title={`${c.name} · ${c.id}`}
        >
          {c.name}
        </Link>
        <span className="ml-1.5 font-mono text-[11px] text-zinc-400">{shortId(c.id)}</span>
        {c.composeProject && (
          <span
            className="ml-1.5 rounded bg-violet-50 px-1 text-[11px] text-violet-700 ring-1 ring-violet-200 ring-inset"
            title={`Compose project ${c.composeProject}`}
          >
            {c.composeProject}
          </span>
        )}
        <div className="truncate text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
          {[hostName, c.image, uniquePorts(c.ports).map(portLabel).join(' '), formatAgo(c.created, now)].filter(Boolean).join(' · ')}
        </div>
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-zinc-700 max-lg:hidden" title={hostName}>
        {hostName}
      </td>
      <td className="border-b border-zinc-100 px-2 font-mono text-[12px] text-zinc-700 max-lg:hidden" title={c.image}>
        <span className="flex min-w-0 items-center">
          <span className="truncate">{c.image}</span>
          {c.state === 'running' && <UpdateStatus hostId={c.hostId} id={c.id} name={c.name} compact />}
        </span>
      </td>
      <td className="border-b border-zinc-100 px-2">
        <span className="flex min-w-0 items-center gap-1.5" title={`${c.state}: ${detail}`}>
          <StateBadge state={c.state} />
          {pending ? (
            <span className="inline-flex items-center gap-1 text-xs text-sky-700">
              <Spinner /> <span className="max-sm:sr-only">{pending}…</span>
            </span>
          ) : (
            <span className="truncate text-xs text-zinc-500 max-sm:hidden" data-testid="state-detail">
              {detail}
            </span>
          )}
        </span>
      </td>
      <td className="border-b border-zinc-100 px-2 max-lg:hidden">
        <PortLinks ports={c.ports} engine={engine} />
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-xs text-zinc-500 max-lg:hidden" title={formatDateTime(c.created)}>
        {formatAgo(c.created, now)}
      </td>
      <td className="border-b border-zinc-100 pr-1.5 text-right">
        <Menu
          label={`Actions for ${c.name}`}
          items={[
            ...(canManage ? CONTAINER_ACTIONS : []).map((a) => ({
              label: ACTION_LABELS[a],
              onSelect: () => onAction(a),
              muted: !actionApplies(a, c.state),
              danger: a === 'remove' || a === 'kill',
              separatorBefore: a === 'rename',
            })),
            ...(canExec
              ? [
                  {
                    label: 'Open terminal',
                    onSelect: () => onNavigate(terminalHref(c.hostId, c.id)),
                    muted: c.state !== 'running',
                    separatorBefore: true,
                  },
                ]
              : []),
            { label: 'Logs', onSelect: () => onNavigate(`${containerHref(c.hostId, c.id)}?tab=logs`) },
          ]}
        />
      </td>
    </tr>
  );
}
