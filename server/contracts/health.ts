export interface HealthResponse {
  ok: true;
  version: string;
  engines: { total: number; online: number };
}
