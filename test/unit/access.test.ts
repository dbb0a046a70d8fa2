import { describe, expect, it } from 'vitest';
import { infoForNonAdmins, MASKED, withoutAddress } from '@/server/services/access';
import type { EngineSummary } from '@/server/contracts/engines';

describe('what non-admins read of an engine', () => {
  it('docker info keeps its facts but masks the proxies (they can carry credentials)', () => {
    const info = {
      Name: 'node-1',
      ServerVersion: '26.1.5',
      HttpProxy: 'http://user:pass@proxy.corp:3128',
      HttpsProxy: 'http://user:pass@proxy.corp:3128',
      NoProxy: 'internal.corp',
      Containers: 4,
    };
    const seen = infoForNonAdmins(info)!;
    expect(seen).toEqual({
      Name: 'node-1',
      ServerVersion: '26.1.5',
      HttpProxy: MASKED,
      HttpsProxy: MASKED,
      NoProxy: MASKED,
      Containers: 4,
    });
    expect(JSON.stringify(seen)).not.toContain('pass');
    // The hub's copy is not changed.
    expect(info.HttpProxy).toContain('user:pass');
    // An empty proxy stays empty: nothing suggests there is one.
    expect(infoForNonAdmins({ HttpProxy: '', Name: 'x' })).toEqual({ HttpProxy: '', Name: 'x' });
    expect(infoForNonAdmins(null)).toBeNull();
  });

  it("an engine's address is removed from its summary and from its last error", () => {
    const e = {
      id: 'h1',
      name: 'prod',
      address: 'tcp://10.0.0.5:2376',
      lastError: 'connect ECONNREFUSED tcp://10.0.0.5:2376',
    } as EngineSummary;
    const seen = withoutAddress(e);
    expect(seen.address).toBe('');
    expect(seen.lastError).toBe('connect ECONNREFUSED the engine');
  });
});
