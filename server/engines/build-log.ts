import type { OperationLogLine } from '../contracts/images';

/** One JSON message of the classic builder's output (`POST /build`). */
export interface BuildMessage {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

/** Longest line kept (a RUN printing a minified file stays readable). */
const MAX_LINE = 4000;
// eslint-disable-next-line no-control-regex -- escape sequences are what this strips
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const STEP = /^Step \d+\/\d+ : (.*)$/;
const BUILDER_LINE = /^(?: ---> |Removing intermediate container |Step \d+\/\d+ : |Successfully (?:built|tagged) )/;
const IMAGE_LINE = /^ ---> ([0-9a-f]{12,64})$/;

/**
 * Turns the classic builder's output into log lines: `Step n/m : …` lines are steps, the builder's own
 * bookkeeping (` ---> …`, removing intermediate containers, success) is info, the rest is the steps'
 * output. It also remembers which images this build's steps made (not the FROM image, not cache hits),
 * so a failed build can remove them, and the error with the step that failed.
 */
export class BuildLog {
  private buf = '';
  private step: { text: string; from: boolean; cached: boolean } | null = null;
  /** Image ids made by this build's steps, oldest first. */
  readonly created: string[] = [];
  /** `sha256:…` of the finished image (the builder's `aux` message, or `Successfully built`). */
  imageId: string | null = null;
  error: string | null = null;
  /** The step that was running when the error came. */
  failedStep: string | null = null;

  constructor(private readonly emit: (text: string, kind: OperationLogLine['kind']) => void) {}

  push(msg: BuildMessage): void {
    if (msg.error || msg.errorDetail) {
      this.flush();
      this.error = (msg.errorDetail?.message ?? msg.error ?? 'The build failed').trim();
      this.failedStep = this.step?.text ?? null;
      this.emit(this.error, 'error');
      return;
    }
    if (msg.aux?.ID) this.imageId = msg.aux.ID;
    if (typeof msg.stream === 'string') {
      // Output that did not end its last line stops where the builder's own next line begins.
      if (this.buf && BUILDER_LINE.test(msg.stream)) this.flush();
      this.buf += msg.stream;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        this.line(this.buf.slice(0, nl));
        this.buf = this.buf.slice(nl + 1);
      }
    }
    // A base image pulled by the build: its status lines, without the byte-by-byte progress.
    if (msg.status && !msg.progressDetail?.current) this.emit(msg.id ? `${msg.id}: ${msg.status}` : msg.status, 'info');
  }

  /** The output ended: the last line without a newline. */
  flush(): void {
    // What is left may be only the colour reset that followed a line's end.
    if (this.buf.replace(ANSI, '')) this.line(this.buf);
    this.buf = '';
  }

  /** The failure in one sentence: the step that failed and the builder's words. */
  get failure(): string | null {
    if (!this.error) return null;
    return this.failedStep ? `${this.failedStep} — ${this.error}` : this.error;
  }

  private line(raw: string): void {
    // A carriage return redraws the line in a terminal: what stays is what follows the last one.
    const cr = raw.replace(/\r+$/, '');
    const text = cr
      .slice(cr.lastIndexOf('\r') + 1)
      .replace(ANSI, '')
      .slice(0, MAX_LINE);
    const step = STEP.exec(text);
    if (step) {
      this.step = { text, from: /^FROM\s/i.test(step[1]!), cached: false };
      this.emit(text, 'step');
      return;
    }
    if (text.startsWith(' ---> ')) {
      if (text === ' ---> Using cache' && this.step) this.step.cached = true;
      const made = IMAGE_LINE.exec(text);
      if (made && this.step && !this.step.from && !this.step.cached) this.created.push(made[1]!);
      this.emit(text, 'info');
      return;
    }
    const built = /^Successfully built ([0-9a-f]{12,64})$/.exec(text);
    if (built) this.imageId ??= built[1]!;
    if (built || /^Successfully tagged /.test(text) || /^Removing intermediate container /.test(text)) {
      this.emit(text, 'info');
      return;
    }
    this.emit(text, 'out');
  }
}
