/** One changed field of an edit; a secret's values are never stored, only that it changed (`masked`). */
export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
  masked?: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  /** Who: a signed-in user, an API token of that user, or Wharf itself (null user). */
  actorKind: 'user' | 'token';
  username: string | null;
  tokenId: string | null;
  tokenName: string | null;
  action: string;
  hostId: string | null;
  hostName: string | null;
  targetKind: string | null;
  targetName: string | null;
  /** The target as one line (`<host>/<name>`, `engine:<name>`, …). */
  target: string | null;
  result: 'ok' | 'error';
  /** What was done (ok) or the error's words (error). */
  detail: string | null;
  changes: AuditChange[] | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** How many entries match the filters in all. */
  total: number;
  /** Pass as `cursor` for the next (older) page; null when this page is the last. */
  nextCursor: number | null;
  /**
   * The id of the newest entry of the whole log (any filter) when this page was read, 0 when empty: a
   * live `audit` head above it means entries were written since (the page may refetch to show them).
   */
  newest: number;
}

export interface SigninFailure {
  id: number;
  at: string;
  username: string;
  clientIp: string;
  reason: string;
}

export interface SigninFailurePage {
  entries: SigninFailure[];
  total: number;
  nextCursor: number | null;
}

/** What the filter bar offers: the users, hosts and action families that occur in the log. */
export interface AuditFacets {
  users: string[];
  hosts: Array<{ id: string; name: string }>;
  actions: string[];
}

export interface AuditRetention {
  /** Entries older than this many days are removed (0: kept by age forever). */
  days: number;
  /** At most this many entries are kept, newest first (0: no bound). */
  maxRows: number;
  /** Set by WHARF_AUDIT_RETENTION_DAYS / WHARF_AUDIT_MAX_ROWS: the saved setting does not apply. */
  fromEnv: boolean;
}
