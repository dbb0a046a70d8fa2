'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { AppTemplate, TemplateSource } from '@/server/contracts/templates';
import { api, errorMessage } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { Card, Section } from '../ui/card';
import { Field, Input, Select } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { toast } from '../ui/toast';

const KEY = ['templates'];

/** App templates: the built-in catalog and imported Portainer files; search, filter, deploy. */
export function TemplatesPage() {
  const q = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api<{ templates: AppTemplate[]; sources: TemplateSource[] }>('/api/templates', { signal }),
  });
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const categories = useMemo(
    () => [...new Set((q.data?.templates ?? []).flatMap((t) => t.categories))].sort((a, b) => a.localeCompare(b)),
    [q.data],
  );
  const shown = (q.data?.templates ?? []).filter((t) => {
    const s = search.trim().toLowerCase();
    const hit = !s || [t.title, t.description, t.image ?? '', ...t.categories].some((x) => x.toLowerCase().includes(s));
    return hit && (!category || t.categories.includes(category));
  });
  return (
    <div className="mx-auto max-w-6xl space-y-3 p-4">
      <div className="flex items-center gap-2">
        <h1 className="text-lg font-semibold">App templates</h1>
        <span className="text-zinc-500">{q.data ? `${shown.length} of ${q.data.templates.length}` : ''}</span>
      </div>
      <ImportPanel sources={q.data?.sources ?? []} />
      <div className="flex flex-wrap items-end gap-2">
        <Field id="tpl-search" label="Search" className="w-72">
          <Input id="tpl-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="title, image, category" />
        </Field>
        <Field id="tpl-category" label="Category" className="w-48">
          <Select id="tpl-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Field>
      </div>
      {q.isLoading && <Spinner label="Loading templates" />}
      {q.error && <ErrorAlert>{errorMessage(q.error)}</ErrorAlert>}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3" data-testid="template-list">
        {shown.map((t) => (
          <TemplateCard key={t.id} t={t} />
        ))}
      </div>
      {q.data && !shown.length && <p className="text-zinc-500">No template matches.</p>}
    </div>
  );
}

function TemplateCard({ t }: { t: AppTemplate }) {
  return (
    <Card className="flex flex-col gap-1.5 p-3" data-testid="template-card" data-title={t.title}>
      <div className="flex items-start gap-2">
        {t.logo ? (
          // Logos are remote and often unreachable from an offline browser: a blank square is fine.
          <img src={t.logo} alt="" className="size-8 shrink-0 rounded bg-zinc-100 object-contain" />
        ) : (
          <span className="grid size-8 shrink-0 place-items-center rounded bg-sky-50 font-semibold text-sky-700">{t.title[0]}</span>
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium">{t.title}</p>
          <p className="truncate font-mono text-[11px] text-zinc-500">{t.image ?? t.stackFile ?? ''}</p>
        </div>
      </div>
      <p className="line-clamp-2 text-zinc-600">{t.description}</p>
      <div className="mt-auto flex flex-wrap items-center gap-1">
        {t.categories.map((c) => (
          <Badge key={c} tone="zinc">
            {c}
          </Badge>
        ))}
        <span className="text-[11px] text-zinc-400">{t.sourceName}</span>
        <span className="ml-auto">
          {t.deployable ? (
            <Link href={`/deploy?template=${encodeURIComponent(t.id)}`} className={buttonClass('primary', 'sm')}>
              Deploy
            </Link>
          ) : (
            <Badge tone="amber">needs compose stacks</Badge>
          )}
        </span>
      </div>
    </Card>
  );
}

function ImportPanel({ sources }: { sources: TemplateSource[] }) {
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ source: TemplateSource; skipped: string[] }>('/api/templates', { method: 'POST', body });
      toast({
        tone: 'success',
        title: `Imported ${r.source.templates} templates (v${r.source.version})`,
        message: r.skipped.length ? `Left out: ${r.skipped.join('; ')}` : undefined,
      });
      setUrl('');
      await qc.invalidateQueries({ queryKey: KEY });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (s: TemplateSource) => {
    try {
      await api(`/api/templates/sources/${s.id}`, { method: 'DELETE' });
      await qc.invalidateQueries({ queryKey: KEY });
    } catch (err) {
      toast({ tone: 'error', title: `Remove ${s.name} failed`, message: errorMessage(err) });
    }
  };
  return (
    <Section title="Template files" bodyClassName="space-y-2">
      <ul className="divide-y divide-zinc-100">
        {sources.map((s) => (
          <li key={s.id} className="flex items-center gap-2 py-1" data-testid="template-source">
            <span className="font-medium">{s.name}</span>
            <span className="text-xs text-zinc-500">
              v{s.version} · {s.templates} templates{s.url ? ` · ${s.url}` : ''}
              {s.importedBy ? ` · by ${s.importedBy}` : ''}
            </span>
            {!s.builtin && (
              <Button size="sm" variant="ghost" className="ml-auto text-red-700" onClick={() => void remove(s)}>
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-end gap-2">
        <Field id="tpl-file" label="Import a Portainer file (v2 or v3)">
          <input
            id="tpl-file"
            type="file"
            accept=".json,application/json"
            disabled={busy}
            className="text-xs"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) await run({ name: f.name, content: await f.text() });
            }}
          />
        </Field>
        <span className="pb-1.5 text-xs text-zinc-400">or</span>
        <form
          className="flex flex-1 items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim()) void run({ url: url.trim() });
          }}
        >
          <Field id="tpl-url" label="From a URL (fetched by the server)" className="flex-1">
            <Input id="tpl-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/templates.json" />
          </Field>
          <Button type="submit" pending={busy}>
            Import
          </Button>
        </form>
      </div>
      {!!error && <ErrorAlert title="Not imported">{errorMessage(error)}</ErrorAlert>}
    </Section>
  );
}
