'use client';

import { useState } from 'react';
import type { CreateContainerInput } from '@/server/contracts/container-create';
import { errorMessage } from '../../api';
import { Button } from '../../ui/button';
import { Section } from '../../ui/card';
import { Field, Textarea } from '../../ui/field';
import { DockerRunParseError, parseDockerRun } from '../parse-docker-run';

/** A box to paste a `docker run` command into; the form is filled from it, nothing runs. */
export function PasteRunBox({ disabled, onFill }: { disabled: boolean; onFill: (spec: CreateContainerInput) => void }) {
  const [paste, setPaste] = useState('');
  const [pasteResult, setPasteResult] = useState<{ warnings: string[]; error: string | null } | null>(null);

  const fillFromCommand = () => {
    try {
      const parsed = parseDockerRun(paste);
      onFill(parsed.spec);
      setPasteResult({ warnings: parsed.warnings, error: null });
    } catch (e) {
      setPasteResult({ warnings: [], error: e instanceof DockerRunParseError ? e.message : errorMessage(e) });
    }
  };

  return (
    <Section title="From a docker run command">
      <Field id="f-paste-text" label="Paste docker run" hint="The form is filled from the command; nothing runs until you create.">
        <Textarea
          id="f-paste-text"
          value={paste}
          onChange={(e) => setPaste(e.target.value)}
          placeholder="docker run -d --name web -p 8080:80 -e KEY=value nginx:1.27"
          disabled={disabled}
        />
      </Field>
      <div className="mt-2 flex items-center gap-2">
        <Button size="sm" onClick={fillFromCommand} disabled={!paste.trim() || disabled}>
          Fill from command
        </Button>
      </div>
      {pasteResult?.error && (
        <p
          role="alert"
          data-testid="paste-error"
          className="mt-2 rounded-md border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800"
        >
          {pasteResult.error}
        </p>
      )}
      {pasteResult && !pasteResult.error && (
        <div className="mt-2 text-xs" data-testid="paste-warnings">
          <p className="text-emerald-700">Filled from the command.</p>
          {pasteResult.warnings.length > 0 && (
            <ul className="mt-1 list-disc space-y-0.5 pl-4 text-amber-800">
              {pasteResult.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Section>
  );
}
