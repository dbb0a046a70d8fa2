'use client';

import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ContainerState, LogLine } from '@/server/contracts/containers';
import { api, errorMessage } from '../api';
import { useRealtime } from '../realtime/realtime-provider';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { cn } from '../ui/cn';
import { Checkbox, Input, Select } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { cssOf, parseAnsi, type AnsiSegment } from './ansi';
import { containerApi } from './use-containers';

const TAILS = ['100', '500', '1000', '5000', 'all'] as const;
const SINCES = [
  { id: 'all', label: 'all time', seconds: 0 },
  { id: '5m', label: 'last 5 min', seconds: 300 },
  { id: '1h', label: 'last 1 h', seconds: 3600 },
  { id: '24h', label: 'last 24 h', seconds: 86_400 },
] as const;
/** The most the server sends for "all". */
const ALL_LINES = 100_000;

interface ParsedLine {
  seq: number;
  /** Came over the socket (not part of the snapshot). */
  live?: boolean;
  stream: 'stdout' | 'stderr';
  ts: string | null;
  segments: AnsiSegment[];
  plain: string;
}

let seqCounter = 0;
function parseLines(lines: LogLine[]): ParsedLine[] {
  return lines.map((l) => {
    const { segments } = parseAnsi(l.text);
    return { seq: ++seqCounter, stream: l.stream, ts: l.ts, segments, plain: segments.map((s) => s.text).join('') };
  });
}

function shortTs(ts: string): string {
  // 2025-11-23T18:30:12.123456789Z → 2025-11-23 18:30:12.123 (UTC, as the engine stamps it)
  return ts
    .replace('T', ' ')
    .replace(/(\.\d{3})\d*Z$/, '$1')
    .replace(/Z$/, '');
}

/** Splits segments at search matches so they can be marked. */
function highlight(segments: AnsiSegment[], plain: string, q: string, current: number | null): ReactNode[] {
  const ranges: Array<[number, number]> = [];
  if (q) {
    const lower = plain.toLowerCase();
    let i = lower.indexOf(q);
    while (i >= 0) {
      ranges.push([i, i + q.length]);
      i = lower.indexOf(q, i + Math.max(1, q.length));
    }
  }
  const out: ReactNode[] = [];
  let offset = 0;
  let key = 0;
  for (const seg of segments) {
    const style = cssOf(seg.style);
    const end = offset + seg.text.length;
    let pos = offset;
    for (const [a, b] of ranges) {
      if (b <= pos || a >= end) continue;
      if (a > pos)
        out.push(
          <span key={key++} style={style}>
            {plain.slice(pos, a)}
          </span>,
        );
      const to = Math.min(b, end);
      const isCurrent = current === a;
      out.push(
        <mark
          key={key++}
          data-testid={isCurrent ? 'log-match-current' : 'log-match'}
          className={cn('rounded-[2px] text-zinc-950', isCurrent ? 'bg-orange-400' : 'bg-yellow-300/90')}
        >
          {plain.slice(Math.max(a, pos), to)}
        </mark>,
      );
      pos = to;
    }
    if (pos < end)
      out.push(
        <span key={key++} style={style}>
          {plain.slice(pos, end)}
        </span>,
      );
    offset = end;
  }
  return out;
}

export function LogsTab({ hostId, id, state }: { hostId: string; id: string; state: ContainerState }) {
  const { socket, state: socketState } = useRealtime();
  const formId = useId();
  const [tail, setTail] = useState<(typeof TAILS)[number]>('500');
  const [since, setSince] = useState<(typeof SINCES)[number]['id']>('all');
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [streams, setStreams] = useState<'both' | 'stdout' | 'stderr'>('both');
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim().toLowerCase());
  const [matchIndex, setMatchIndex] = useState(0);
  const [lines, setLines] = useState<ParsedLine[]>([]);
  const [ended, setEnded] = useState<string | null>(null);
  const [following, setFollowing] = useState<boolean | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(0);

  const tailN = tail === 'all' ? ALL_LINES : Number(tail);
  const sinceSeconds = SINCES.find((s) => s.id === since)?.seconds ?? 0;
  const cap = Math.max(tailN, 5000);

  const initial = useQuery({
    queryKey: ['containers', 'logs', hostId, id, tailN, sinceSeconds],
    queryFn: ({ signal }) => {
      const sinceParam = sinceSeconds ? `&since=${Math.floor(Date.now() / 1000) - sinceSeconds}` : '';
      return api<{ lines: LogLine[]; tty: boolean; name: string }>(
        `${containerApi(hostId, id)}/logs?tail=${tailN}&timestamps=1${sinceParam}`,
        { signal },
      );
    },
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
  });

  useEffect(() => {
    const data = initial.data;
    if (!data) return;
    // Lines the socket brought while the snapshot was being read are kept if they are newer.
    const lastTs = data.lines[data.lines.length - 1]?.ts ?? '';
    setLines((old) => parseLines(data.lines).concat(old.filter((l) => l.live && (!lastTs || (l.ts ?? '') > lastTs))));
  }, [initial.data]);

  // Following: the socket pushes new lines; the server closes and reopens the engine stream as the container stops and starts.
  useEffect(() => {
    if (!socket || !follow || socketState !== 'connected') {
      setFollowing(null);
      return;
    }
    const mine = (p: { hostId: string; id: string }) => p.hostId === hostId && p.id === id;
    const onLines = (p: { hostId: string; id: string; lines: LogLine[] }) => {
      if (!mine(p)) return;
      setEnded(null);
      setFollowing(true);
      const parsed = parseLines(p.lines).map((l) => ({ ...l, live: true }));
      setLines((old) => {
        const next = old.concat(parsed);
        return next.length > cap ? next.slice(next.length - cap) : next;
      });
    };
    const onEnded = (p: { hostId: string; id: string; reason: string }) => {
      if (!mine(p)) return;
      setEnded(p.reason);
      setFollowing(false);
    };
    socket.on('logs.lines', onLines);
    socket.on('logs.ended', onEnded);
    socket.emit('logs.subscribe', { hostId, id }, (reply) => {
      if (reply.ok) setFollowing(reply.data.following);
      else setEnded(reply.message);
    });
    return () => {
      socket.off('logs.lines', onLines);
      socket.off('logs.ended', onEnded);
      socket.emit('logs.unsubscribe', { hostId, id }, () => undefined);
    };
  }, [socket, socketState, follow, hostId, id, cap]);

  // The engine stream reopens by itself when the container starts again.
  useEffect(() => {
    if (state === 'running') setEnded(null);
  }, [state]);

  const shown = useMemo(() => (streams === 'both' ? lines : lines.filter((l) => l.stream === streams)), [lines, streams]);
  const matches = useMemo(() => {
    if (!q) return [] as Array<{ row: number; at: number }>;
    const out: Array<{ row: number; at: number }> = [];
    shown.forEach((l, row) => {
      const lower = l.plain.toLowerCase();
      let i = lower.indexOf(q);
      while (i >= 0) {
        out.push({ row, at: i });
        i = lower.indexOf(q, i + Math.max(1, q.length));
      }
    });
    return out;
  }, [shown, q]);
  const current = matches.length ? matches[Math.min(matchIndex, matches.length - 1)] : undefined;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 18,
    overscan: 40,
    getItemKey: (i) => shown[i]?.seq ?? i,
  });

  const atBottomRef = useRef(true);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (bottom !== atBottomRef.current) {
      atBottomRef.current = bottom;
      setAtBottom(bottom);
      if (bottom) setUnseen(0);
    }
  };
  const lastCount = useRef(0);
  useEffect(() => {
    const added = shown.length - lastCount.current;
    lastCount.current = shown.length;
    if (!shown.length) return;
    if (atBottomRef.current) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
    else if (added > 0) setUnseen((n) => n + added);
  }, [shown.length, virtualizer]);

  const jumpToLatest = useCallback(() => {
    atBottomRef.current = true;
    setAtBottom(true);
    setUnseen(0);
    virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [virtualizer, shown.length]);

  const goMatch = (delta: number) => {
    if (!matches.length) return;
    const next = (Math.min(matchIndex, matches.length - 1) + delta + matches.length) % matches.length;
    setMatchIndex(next);
    const m = matches[next];
    if (m) {
      atBottomRef.current = false;
      setAtBottom(false);
      virtualizer.scrollToIndex(m.row, { align: 'center' });
    }
  };

  const sinceParam = sinceSeconds ? `&since=${Math.floor(Date.now() / 1000) - sinceSeconds}` : '';
  const downloadHref = `${containerApi(hostId, id)}/logs?download=1&tail=${tailN}&timestamps=${timestamps ? 1 : 0}${sinceParam}`;
  const running = state === 'running' || state === 'paused';

  let streamNote: ReactNode = null;
  if (follow && ended) streamNote = <>Stream ended: {ended.charAt(0).toLowerCase() + ended.slice(1)} — waiting for it to start</>;
  else if (follow && following === false) streamNote = <>The container is not running — following resumes when it starts</>;

  return (
    <div className="flex h-[calc(100dvh-13rem)] min-h-[420px] flex-col gap-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
        <label className="flex items-center gap-1.5 text-xs text-zinc-600" htmlFor={`${formId}-tail`}>
          Tail
        </label>
        <Select
          id={`${formId}-tail`}
          aria-label="Tail"
          value={tail}
          onChange={(e) => setTail(e.target.value as typeof tail)}
          className="h-7 w-24! text-xs"
        >
          {TAILS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <label className="text-xs text-zinc-600" htmlFor={`${formId}-since`}>
          Since
        </label>
        <Select
          id={`${formId}-since`}
          value={since}
          onChange={(e) => setSince(e.target.value as typeof since)}
          className="h-7 w-32! text-xs"
        >
          {SINCES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </Select>
        <label className="text-xs text-zinc-600" htmlFor={`${formId}-streams`}>
          Streams
        </label>
        <Select
          id={`${formId}-streams`}
          value={streams}
          onChange={(e) => setStreams(e.target.value as typeof streams)}
          className="h-7 w-28! text-xs"
        >
          <option value="both">both</option>
          <option value="stdout">stdout</option>
          <option value="stderr">stderr</option>
        </Select>
        <Checkbox label="Follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} className="text-xs" />
        <Checkbox label="Timestamps" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} className="text-xs" />
        <div className="ml-auto flex flex-wrap items-center gap-1.5">
          <label htmlFor={`${formId}-search`} className="sr-only">
            Search logs
          </label>
          <Input
            id={`${formId}-search`}
            type="search"
            placeholder="Search logs…"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setMatchIndex(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                goMatch(e.shiftKey ? -1 : 1);
              }
            }}
            className="h-7 w-48! text-xs"
          />
          <span className="min-w-16 text-xs text-zinc-500 tabular-nums" data-testid="log-match-count" aria-live="polite">
            {q ? (matches.length ? `${Math.min(matchIndex, matches.length - 1) + 1} / ${matches.length}` : '0 matches') : ''}
          </span>
          <Button size="sm" variant="secondary" aria-label="Previous match" disabled={!matches.length} onClick={() => goMatch(-1)}>
            ↑
          </Button>
          <Button size="sm" variant="secondary" aria-label="Next match" disabled={!matches.length} onClick={() => goMatch(1)}>
            ↓
          </Button>
          <a href={downloadHref} download className={buttonClass('secondary', 'sm')}>
            Download
          </a>
        </div>
      </div>

      <div className="flex min-h-5 items-center gap-2 text-xs">
        {follow && following && !ended && (
          <span className="inline-flex items-center gap-1.5 text-emerald-700" data-testid="log-following">
            <span className="size-1.5 animate-pulse rounded-full bg-emerald-500" /> Following live
          </span>
        )}
        {streamNote && (
          <span className="inline-flex items-center gap-1.5 text-amber-800" data-testid="log-stream-state">
            <span className="size-1.5 rounded-full bg-amber-500" />
            {streamNote}
          </span>
        )}
        {!follow && <span className="text-zinc-500">Not following: showing a snapshot.</span>}
        {!running && !follow && <span className="text-zinc-500">The container is {state}.</span>}
        <span className="ml-auto text-zinc-500 tabular-nums">
          {shown.length.toLocaleString()} line{shown.length === 1 ? '' : 's'}
          {streams !== 'both' && ` of ${lines.length.toLocaleString()}`}
          {initial.data?.tty && ' · TTY: stdout and stderr are one stream'}
        </span>
      </div>

      {initial.isError && <ErrorAlert title="Logs could not be read">{errorMessage(initial.error)}</ErrorAlert>}

      <div className="relative min-h-0 flex-1">
        <div
          ref={scrollRef}
          onScroll={onScroll}
          data-testid="log-view"
          role="log"
          aria-label="Container logs"
          className="h-full overflow-auto rounded-lg border border-zinc-800 bg-zinc-950 py-1 font-mono text-[12px] leading-[18px] text-zinc-200"
        >
          {initial.isPending && (
            <div className="flex items-center gap-2 px-3 py-2 text-zinc-400">
              <Spinner /> Reading logs…
            </div>
          )}
          {!initial.isPending && shown.length === 0 && (
            <p className="px-3 py-2 text-zinc-500" data-testid="log-empty">
              {lines.length ? `No ${streams} lines.` : 'No log output yet.'}
              {follow && running ? ' New lines appear here as they are written.' : ''}
            </p>
          )}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((vi) => {
              const l = shown[vi.index];
              if (!l) return null;
              const err = l.stream === 'stderr';
              return (
                <div
                  key={vi.key}
                  ref={virtualizer.measureElement}
                  data-index={vi.index}
                  data-testid="log-line"
                  data-stream={l.stream}
                  className={cn('absolute top-0 left-0 flex w-full pr-3', err ? 'bg-red-950/50 hover:bg-red-950/70' : 'hover:bg-zinc-900')}
                  style={{ transform: `translateY(${vi.start}px)` }}
                >
                  <span
                    aria-label={err ? 'stderr' : undefined}
                    title={l.stream}
                    className={cn(
                      'w-7 shrink-0 text-center text-[10px] select-none',
                      err ? 'font-semibold text-red-400' : 'text-transparent',
                    )}
                  >
                    {err ? 'err' : 'out'}
                  </span>
                  {timestamps && l.ts && <span className="mr-2 shrink-0 text-zinc-500 select-none">{shortTs(l.ts)}</span>}
                  <span className={cn('min-w-0 flex-1 break-all whitespace-pre-wrap', err && 'text-red-100')}>
                    {highlight(l.segments, l.plain, q, current && current.row === vi.index ? current.at : null)}
                    {l.plain === '' && ' '}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        {!atBottom && (
          <button
            type="button"
            onClick={jumpToLatest}
            className="absolute right-4 bottom-3 inline-flex items-center gap-1.5 rounded-full bg-sky-600 px-3 py-1 text-xs font-medium text-white shadow-lg hover:bg-sky-700"
          >
            Auto-scroll paused{unseen > 0 ? ` · ${unseen} new` : ''} — jump to latest ↓
          </button>
        )}
      </div>
    </div>
  );
}
