import { z } from 'zod';
import { SHELLS } from './exec-options';
import { containerRefSchema } from './container-actions';
import { userSchema, workingDirSchema } from './container-create';
import { hasNul, isEnvKey } from './refs';

export { DETACH_KEYS, FLOW_HIGH_WATERMARK, FLOW_LOW_WATERMARK } from './exec-options';

const dim = (max: number) => z.coerce.number().int().min(1).max(max);

export const execOpenSchema = containerRefSchema.extend({
  /** A shell from the list, or `custom` with `command`. */
  shell: z.enum([...SHELLS, 'custom']).default('auto'),
  command: z
    .array(
      z
        .string()
        .max(4096)
        .refine((a) => !hasNul(a), 'Arguments cannot hold a NUL character'),
    )
    .max(100)
    .default([]),
  user: userSchema,
  workingDir: workingDirSchema,
  env: z
    .array(
      z
        .string()
        .max(32_768)
        .refine(
          (e) => e.indexOf('=') > 0 && isEnvKey(e.slice(0, e.indexOf('='))) && !hasNul(e),
          'Environment entries are KEY=value (no control characters in KEY, no NUL)',
        ),
    )
    .max(200)
    .default([]),
  /** A TTY, as `docker exec -t` (the terminal always wants one; scripts may not). */
  tty: z.boolean().default(true),
  cols: dim(1000).default(80),
  rows: dim(500).default(24),
});

export const attachOpenSchema = containerRefSchema.extend({
  cols: dim(1000).default(80),
  rows: dim(500).default(24),
});

export const sessionRefSchema = z.object({ sessionId: z.string().min(1).max(64) });
/** Re-attach to a terminal by id; `since`: the bytes of its output the browser already shows (null: a fresh screen). */
export const reattachSchema = sessionRefSchema.extend({ since: z.number().int().min(0).nullable().default(null) });
export const execInputSchema = sessionRefSchema.extend({ data: z.string().max(1_000_000) });
export const execResizeSchema = sessionRefSchema.extend({ cols: dim(1000), rows: dim(500) });

export interface ExecOpened {
  sessionId: string;
  kind: 'exec' | 'attach';
  command: string;
  containerName: string;
  hostName: string;
}

/** What a re-attaching browser gets: the session as opened, plus the output it missed. */
export interface ExecReattached extends ExecOpened {
  /** Output to write before any live output: from the browser's `since` offset, or the whole kept ring. */
  replay: Buffer | ArrayBuffer;
  /** The browser's screen is stale (a gap the ring no longer holds): clear it before writing the replay. */
  reset: boolean;
  /** Offset (bytes since the session began) just past the replay; live output continues from here. */
  offset: number;
}

export interface ExecExit {
  sessionId: string;
  exitCode: number | null;
  /** Why it ended, in words: "exited", "The container stopped", "Detached", … */
  reason: string;
  /** Why it ended, for code to branch on (the words are for people). */
  cause: 'exited' | 'closed' | 'container-stopped' | 'detached' | 'command-not-found' | 'moved';
}
