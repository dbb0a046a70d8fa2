'use client';

import { useEffect, useRef, useState } from 'react';
import type uPlotType from 'uplot';
import type { ContainerState, StatsSample } from '@/server/contracts/containers';
import { formatBytes } from '../format';
import { useRealtime } from '../realtime/realtime-provider';
import { Card } from '../ui/card';
import { Spinner } from '../ui/spinner';

const WINDOW_MS = 5 * 60 * 1000;

/** One point per sample; rates come from the difference to the previous sample. */
interface Point {
  t: number;
  cpu: number;
  mem: number;
  memLimit: number;
  rx: number | null;
  tx: number | null;
  read: number | null;
  write: number | null;
  pids: number;
}

function toPoint(s: StatsSample, prev: StatsSample | null): Point {
  const dt = prev ? (s.t - prev.t) / 1000 : 0;
  const rate = (a: number, b: number | undefined) => (prev && dt > 0 && b !== undefined && a >= b ? (a - b) / dt : null);
  return {
    t: s.t,
    cpu: s.cpuPercent,
    mem: s.memoryUsed,
    memLimit: s.memoryLimit,
    rx: rate(s.netRx, prev?.netRx),
    tx: rate(s.netTx, prev?.netTx),
    read: rate(s.blockRead, prev?.blockRead),
    write: rate(s.blockWrite, prev?.blockWrite),
    pids: s.pids,
  };
}

const rateText = (v: number | null | undefined) =>
  v == null ? '—' : v < 1 ? '0 B/s' : v < 1024 ? `${Math.round(v)} B/s` : `${formatBytes(v)}/s`;

interface SeriesDef {
  label: string;
  color: string;
  pick: (p: Point) => number | null;
}

function Chart({
  title,
  value,
  series,
  yFormat,
  testId,
  yMin,
}: {
  title: string;
  value: React.ReactNode;
  series: SeriesDef[];
  yFormat: (v: number) => string;
  testId: string;
  yMin?: number;
}) {
  return (
    <Card className="min-w-0 p-3" data-testid={testId}>
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
        <div className="text-right text-[13px] font-medium text-zinc-900 tabular-nums" data-testid={`${testId}-value`}>
          {value}
        </div>
      </div>
      <div className="mb-1 flex gap-3 text-[11px] text-zinc-500">
        {series.map((s) => (
          <span key={s.label} className="inline-flex items-center gap-1">
            <span className="h-0.5 w-3 rounded" style={{ backgroundColor: s.color }} />
            {s.label}
          </span>
        ))}
      </div>
      <PlotArea series={series} yFormat={yFormat} yMin={yMin} />
    </Card>
  );
}

/** The points every chart reads, shared through a ref to avoid re-rendering React per sample. */
const pointsBus = { points: [] as Point[], listeners: new Set<() => void>() };

function PlotArea({ series, yFormat, yMin }: { series: SeriesDef[]; yFormat: (v: number) => string; yMin?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const seriesRef = useRef(series);
  useEffect(() => {
    seriesRef.current = series;
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let plot: uPlotType | null = null;
    let disposed = false;
    const data = (): uPlotType.AlignedData => {
      const pts = pointsBus.points;
      return [pts.map((p) => p.t / 1000), ...seriesRef.current.map((s) => pts.map((p) => s.pick(p)))] as uPlotType.AlignedData;
    };
    const update = () => {
      if (!plot) return;
      const now = Date.now() / 1000;
      plot.batch(() => {
        plot!.setData(data(), false);
        plot!.setScale('x', { min: now - WINDOW_MS / 1000, max: now });
      });
    };
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      plot = new UPlot(
        {
          width: Math.max(200, el.clientWidth),
          height: 160,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: {
            x: { time: true },
            y: { range: (_u, min, max) => [yMin ?? Math.min(0, min), Math.max(max * 1.1, yMin === undefined ? 1 : 1)] },
          },
          axes: [
            { stroke: '#71717a', grid: { stroke: '#f4f4f5' }, ticks: { stroke: '#e4e4e7' }, font: '10px system-ui' },
            {
              stroke: '#71717a',
              grid: { stroke: '#f4f4f5' },
              ticks: { stroke: '#e4e4e7' },
              font: '10px system-ui',
              size: 64,
              values: (_u, vals) => vals.map((v) => yFormat(v)),
            },
          ],
          series: [
            {},
            ...seriesRef.current.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 1.5,
              fill: `${s.color}1a`,
              spanGaps: true,
              points: { show: false },
            })),
          ],
        },
        data(),
        el,
      );
      update();
    });
    const ro = new ResizeObserver(() => plot?.setSize({ width: Math.max(200, el.clientWidth), height: 160 }));
    ro.observe(el);
    pointsBus.listeners.add(update);
    const tick = setInterval(update, 1000);
    return () => {
      disposed = true;
      clearInterval(tick);
      pointsBus.listeners.delete(update);
      ro.disconnect();
      plot?.destroy();
    };
  }, [yFormat, yMin]);
  return <div ref={ref} className="h-40 w-full" />;
}

const pct = (v: number) => `${Math.round(v * 10) / 10}%`;
/** Axis labels: small values keep a decimal so ticks at 0.5 and 1 do not both read "1 B". */
const bytes = (v: number) => (v <= 0 ? '0' : v < 1024 ? `${Math.round(v * 10) / 10} B` : formatBytes(v));
const bytesRate = (v: number) => (v <= 0 ? '0' : `${bytes(v)}/s`);

export function StatsTab({
  hostId,
  id,
  state,
  limited,
}: {
  hostId: string;
  id: string;
  state: ContainerState;
  /** A memory limit was set: draw it. */ limited: boolean;
}) {
  const { socket, state: socketState } = useRealtime();
  const [latest, setLatest] = useState<Point | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [following, setFollowing] = useState<boolean | null>(null);
  const [count, setCount] = useState(0);
  const prev = useRef<StatsSample | null>(null);

  useEffect(() => {
    pointsBus.points = [];
    prev.current = null;
    return () => {
      pointsBus.points = [];
    };
  }, [hostId, id]);

  useEffect(() => {
    if (!socket || socketState !== 'connected') return;
    const mine = (p: { hostId: string; id: string }) => p.hostId === hostId && p.id === id;
    // The server's kept last 5 minutes, sent before the first live sample: the charts start full.
    const onHistory = (p: { hostId: string; id: string; samples: StatsSample[] }) => {
      if (!mine(p)) return;
      const pts: Point[] = [];
      let before: StatsSample | null = null;
      for (const s of p.samples) {
        pts.push(toPoint(s, before));
        before = s;
      }
      pointsBus.points = pts;
      prev.current = before;
      pointsBus.listeners.forEach((l) => l());
      setCount(pts.length);
      if (pts.length) setLatest(pts[pts.length - 1]!);
    };
    const onSample = (p: { hostId: string; id: string; sample: StatsSample }) => {
      if (!mine(p)) return;
      const point = toPoint(p.sample, prev.current);
      prev.current = p.sample;
      const cutoff = Date.now() - WINDOW_MS;
      const pts = pointsBus.points;
      pts.push(point);
      while (pts.length && pts[0]!.t < cutoff) pts.shift();
      pointsBus.listeners.forEach((l) => l());
      setCount(pts.length);
      setLatest(point);
      setEnded(null);
      setFollowing(true);
    };
    const onEnded = (p: { hostId: string; id: string; reason: string }) => {
      if (!mine(p)) return;
      setEnded(p.reason);
      setFollowing(false);
      prev.current = null;
    };
    socket.on('stats.history', onHistory);
    socket.on('stats.sample', onSample);
    socket.on('stats.ended', onEnded);
    socket.emit('stats.subscribe', { hostId, id }, (reply) => {
      if (reply.ok) setFollowing(reply.data.following);
      else setEnded(reply.message);
    });
    return () => {
      socket.off('stats.history', onHistory);
      socket.off('stats.sample', onSample);
      socket.off('stats.ended', onEnded);
      socket.emit('stats.unsubscribe', { hostId, id }, () => undefined);
    };
  }, [socket, socketState, hostId, id]);

  useEffect(() => {
    if (state === 'running') setEnded(null);
  }, [state]);

  const memPct = latest && latest.memLimit > 0 ? (latest.mem / latest.memLimit) * 100 : null;
  let note: React.ReactNode = null;
  if (ended) note = <>Stream ended: {ended.charAt(0).toLowerCase() + ended.slice(1)} — waiting for it to start</>;
  else if (following === false || (state !== 'running' && state !== 'paused'))
    note = <>The container is {state} — stats resume when it starts</>;

  return (
    <div className="space-y-2" data-testid="stats-view" data-samples={count}>
      <div className="flex min-h-5 items-center gap-2 text-xs">
        {note ? (
          <span className="inline-flex items-center gap-1.5 text-amber-800" data-testid="stats-stream-state">
            <span className="size-1.5 rounded-full bg-amber-500" /> {note}
          </span>
        ) : latest ? (
          <span className="inline-flex items-center gap-1.5 text-emerald-700">
            <span className="size-1.5 animate-pulse rounded-full bg-emerald-500" /> Live · one sample a second, last 5 minutes kept
            {latest && <span className="text-zinc-500"> · {latest.pids} processes</span>}
          </span>
        ) : (
          <span className="inline-flex items-center gap-1.5 text-zinc-500">
            <Spinner /> Waiting for the first sample…
          </span>
        )}
      </div>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <Chart
          title="CPU"
          testId="chart-cpu"
          value={latest ? pct(latest.cpu) : '—'}
          yFormat={pct}
          series={[{ label: 'CPU %', color: '#0284c7', pick: (p) => p.cpu }]}
        />
        <Chart
          title="Memory"
          testId="chart-memory"
          value={
            latest ? (
              <>
                {formatBytes(latest.mem)} <span className="text-zinc-500">/ {latest.memLimit ? formatBytes(latest.memLimit) : '∞'}</span>
                {memPct !== null && <span className="text-zinc-500"> · {pct(memPct)}</span>}
              </>
            ) : (
              '—'
            )
          }
          yFormat={bytes}
          series={[
            { label: 'used', color: '#7c3aed', pick: (p) => p.mem },
            ...(limited ? [{ label: 'limit', color: '#a1a1aa', pick: (p: Point) => p.memLimit || null }] : []),
          ]}
        />
        <Chart
          title="Network"
          testId="chart-network"
          value={
            latest ? (
              <>
                ↓ {rateText(latest.rx)} <span className="text-zinc-400">·</span> ↑ {rateText(latest.tx)}
              </>
            ) : (
              '—'
            )
          }
          yFormat={bytesRate}
          series={[
            { label: 'received', color: '#059669', pick: (p) => p.rx },
            { label: 'sent', color: '#d97706', pick: (p) => p.tx },
          ]}
        />
        <Chart
          title="Block I/O"
          testId="chart-blockio"
          value={
            latest ? (
              <>
                read {rateText(latest.read)} <span className="text-zinc-400">·</span> write {rateText(latest.write)}
              </>
            ) : (
              '—'
            )
          }
          yFormat={bytesRate}
          series={[
            { label: 'read', color: '#2563eb', pick: (p) => p.read },
            { label: 'write', color: '#dc2626', pick: (p) => p.write },
          ]}
        />
      </div>
    </div>
  );
}
