'use client';

import { useState } from 'react';
import { RawJsonView } from '../hosts/raw-json-view';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';

/** A raw inspect document with a copy button; `note` says where it came from (the image page masks secrets). */
export function InspectTab({
  raw,
  note = '`docker inspect` as the engine sent it.',
  actions,
}: {
  raw: Record<string, unknown>;
  note?: string;
  /** More buttons beside Copy (a container's Reveal). */
  actions?: React.ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(raw, null, 2));
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast({ tone: 'error', title: 'Copy failed', message: 'The browser did not allow access to the clipboard.' });
    }
  };
  return (
    <div className="space-y-2" data-testid="inspect-view">
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy JSON'}
        </Button>
        {actions}
        <span className="text-xs text-zinc-500">{note}</span>
      </div>
      <RawJsonView data={raw} label="inspect" />
    </div>
  );
}
