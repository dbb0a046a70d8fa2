// Terminal options the browser needs at run time, without zod (see exec.ts for the schemas).

export const SHELLS = ['auto', 'bash', 'sh', 'ash', 'zsh'] as const;

export const DETACH_KEYS = 'ctrl-p,ctrl-q';
export const DETACH_LABEL = 'Ctrl-P Ctrl-Q';

/** Flow control (xterm.js guide): pause the engine above HIGH unacknowledged bytes, resume below LOW. */
export const FLOW_HIGH_WATERMARK = 100_000;
export const FLOW_LOW_WATERMARK = 10_000;
