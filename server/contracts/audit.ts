export interface AuditEntry {
  id: number;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  result: 'ok' | 'error';
  detail: string | null;
}
