'use client';

import { useState } from 'react';
import { Button } from '../ui/button';

/** A secret (temporary password, API token) shown this once, with a copy button. */
export function SecretOnce({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2.5">
      <p className="text-xs font-medium text-amber-900">{label}</p>
      <div className="mt-1.5 flex items-center gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded border border-amber-200 bg-white px-2 py-1 font-mono text-[12px] break-all select-all"
        >
          {value}
        </code>
        <Button size="sm" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="mt-1.5 text-xs text-amber-800">
        {copied === 'no' ? 'The browser did not allow the clipboard: select the text and copy it. ' : ''}
        It is shown only now: Wharf keeps only a hash.
      </p>
    </div>
  );
}
