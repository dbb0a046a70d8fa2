'use client';

import { Fragment, useState } from 'react';
import type { AuditChange, AuditEntry } from '@/server/contracts/audit';
import { formatAgo, formatDateTime } from '../format';
import { Badge } from '../ui/badge';

const dash = <span className="text-zinc-400">—</span>;

function value(v: unknown, masked?: boolean) {
  if (v === null || v === undefined) return <span className="text-zinc-400">(none)</span>;
  if (masked) return <span className="italic text-zinc-500">(hidden)</span>;
  return <span className="break-all">{typeof v === 'string' ? v : JSON.stringify(v)}</span>;
}

/** The before → after of an edit, one changed field a line. */
function ChangesTable({ changes }: { changes: AuditChange[] }) {
  return (
    <table className="mt-1 w-full text-xs" data-testid="audit-changes">
      <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-500">
        <tr>
          <th scope="col" className="w-56 py-0.5 pr-3 font-medium">
            Field
          </th>
          <th scope="col" className="py-0.5 pr-3 font-medium">
            Before
          </th>
          <th scope="col" className="py-0.5 font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody className="font-mono text-[12px]">
        {changes.map((c) => (
          <tr key={c.field} className="align-top" data-testid="audit-change" data-field={c.field}>
            <td className="py-0.5 pr-3 text-zinc-700">{c.field}</td>
            <td className="py-0.5 pr-3 text-red-800">{value(c.before, c.masked && c.before !== null)}</td>
            <td className="py-0.5 text-green-800">{value(c.after, c.masked && c.after !== null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Who({ e }: { e: AuditEntry }) {
  if (!e.username) return <span className="text-zinc-500">Wharf</span>;
  return (
    <>
      {e.username}
      {e.actorKind === 'token' && (
        <span className="ml-1 text-zinc-500" title={`API token ${e.tokenId ?? ''}`}>
          · token {e.tokenName ?? e.tokenId}
        </span>
      )}
    </>
  );
}

/** The activity log: one dense line per entry; a click opens its details and what it changed. `fresh`: rows just come in, highlighted. */
export function AuditTable({ entries, now, fresh }: { entries: AuditEntry[]; now: number; fresh?: ReadonlySet<number> }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
      {/* Below 1024 px: action and result; time, who, host and target fold under the action. */}
      <table className="w-full text-xs lg:min-w-[900px]" data-testid="audit-table">
        <thead className="bg-zinc-50 text-left text-[11px] uppercase tracking-wide text-zinc-500">
          <tr className="border-b border-zinc-200">
            <th scope="col" className="w-5 px-1 py-1.5">
              <span className="sr-only">Details</span>
            </th>
            <th scope="col" className="w-40 px-2 py-1.5 font-medium max-lg:hidden">
              Time
            </th>
            <th scope="col" className="w-36 px-2 py-1.5 font-medium max-lg:hidden">
              Who
            </th>
            <th scope="col" className="w-40 px-2 py-1.5 font-medium">
              Action
            </th>
            <th scope="col" className="w-28 px-2 py-1.5 font-medium max-lg:hidden">
              Host
            </th>
            <th scope="col" className="w-56 px-2 py-1.5 font-medium max-lg:hidden">
              Target
            </th>
            <th scope="col" className="w-14 px-2 py-1.5 font-medium">
              Result
            </th>
            <th scope="col" className="px-2 py-1.5 font-medium max-lg:hidden">
              Detail / error
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {entries.map((e) => {
            const expanded = open.has(e.id);
            const isFresh = fresh?.has(e.id) ?? false;
            return (
              <Fragment key={e.id}>
                <tr
                  className={`cursor-pointer align-top transition-colors duration-1000 hover:bg-zinc-50 ${isFresh ? 'bg-amber-50' : ''}`}
                  data-testid="audit-row"
                  data-fresh={isFresh || undefined}
                  data-action={e.action}
                  data-result={e.result}
                  data-user={e.username ?? ''}
                  aria-expanded={expanded}
                  onClick={() => toggle(e.id)}
                >
                  <td className="px-1 py-1 text-center text-zinc-400">
                    <button
                      type="button"
                      aria-label={expanded ? 'Hide details' : 'Show details'}
                      className="leading-none hover:text-zinc-800"
                      onClick={(ev) => {
                        ev.stopPropagation();
                        toggle(e.id);
                      }}
                    >
                      {expanded ? '▾' : '▸'}
                    </button>
                  </td>
                  <td
                    className="whitespace-nowrap px-2 py-1 font-mono text-[12px] text-zinc-700 max-lg:hidden"
                    title={`${e.at} · ${formatAgo(e.at, now)}`}
                  >
                    {formatDateTime(e.at)}
                  </td>
                  <td className="max-w-36 truncate px-2 py-1 max-lg:hidden" data-testid="audit-who">
                    <Who e={e} />
                  </td>
                  <td className="whitespace-nowrap px-2 py-1 font-mono text-[12px] max-lg:max-w-0 max-lg:truncate">
                    {e.action}
                    {e.changes && (
                      <span className="ml-1 text-sky-700" title="Shows what changed">
                        Δ
                      </span>
                    )}
                    <div className="truncate font-sans text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
                      {formatDateTime(e.at)} · <Who e={e} />
                      {e.hostName ? ` · ${e.hostName}` : ''}
                      {e.targetName || e.target ? ` · ${e.targetName ?? e.target}` : ''}
                    </div>
                  </td>
                  <td className="max-w-28 truncate px-2 py-1 text-zinc-700 max-lg:hidden" title={e.hostName ?? undefined}>
                    {e.hostName ?? dash}
                  </td>
                  <td
                    className="max-w-56 truncate px-2 py-1 font-mono text-[12px] text-zinc-700 max-lg:hidden"
                    title={e.target ?? undefined}
                  >
                    {e.targetName ?? e.target ?? dash}
                  </td>
                  <td className="px-2 py-1">
                    <Badge tone={e.result === 'ok' ? 'green' : 'red'}>{e.result}</Badge>
                  </td>
                  <td
                    className={`max-w-0 truncate px-2 py-1 max-lg:hidden ${e.result === 'error' ? 'text-red-700' : 'text-zinc-600'}`}
                    title={e.detail ?? undefined}
                  >
                    {e.detail ?? dash}
                  </td>
                </tr>
                {expanded && (
                  <tr className="bg-zinc-50/60" data-testid="audit-row-details">
                    <td />
                    <td colSpan={7} className="px-2 pb-2 pt-1">
                      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 max-sm:grid-cols-[5rem_1fr] gap-y-0.5 text-xs">
                        <dt className="text-zinc-500">Target</dt>
                        <dd className="font-mono text-[12px] break-all">
                          {e.target ?? '—'}
                          {e.targetKind && <span className="ml-2 font-sans text-zinc-500">({e.targetKind})</span>}
                        </dd>
                        {e.hostId && (
                          <>
                            <dt className="text-zinc-500">Host id</dt>
                            <dd className="font-mono text-[12px]">{e.hostId}</dd>
                          </>
                        )}
                        {e.actorKind === 'token' && (
                          <>
                            <dt className="text-zinc-500">API token</dt>
                            <dd>
                              {e.tokenName ?? '(unnamed)'} <span className="font-mono text-[12px] text-zinc-500">{e.tokenId}</span>
                            </dd>
                          </>
                        )}
                        <dt className="text-zinc-500">{e.result === 'error' ? 'Error' : 'Detail'}</dt>
                        <dd className={`whitespace-pre-wrap break-words ${e.result === 'error' ? 'text-red-700' : ''}`}>
                          {e.detail ?? '—'}
                        </dd>
                      </dl>
                      {e.changes ? (
                        <ChangesTable changes={e.changes} />
                      ) : (
                        <p className="mt-1 text-xs text-zinc-500">No field-by-field changes are recorded for this action.</p>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
