import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ConflictError, isAppError, NotFoundError, toApiError, validationFromZod } from '@/server/errors';

describe('errors', () => {
  it('maps AppError subclasses to their status and code', () => {
    expect(toApiError(new NotFoundError('No engine x'))).toEqual({
      status: 404,
      body: { ok: false, code: 'NOT_FOUND', message: 'No engine x' },
    });
    expect(toApiError(new ConflictError('dup')).status).toBe(409);
  });

  it('never leaks the message or stack of unknown errors', () => {
    const { status, body } = toApiError(new Error('secret path /etc/shadow at line 3'));
    expect(status).toBe(500);
    expect(body.code).toBe('INTERNAL');
    expect(body.message).not.toContain('shadow');
  });

  it('recognises an AppError made by another copy of the module (brand, not instanceof)', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('wharf.AppError')]: true, code: 'CONFLICT', status: 409 });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(new Error('plain'))).toBe(false);
    expect(isAppError(new AppError('INTERNAL', 'x', 500))).toBe(true);
  });

  it('turns zod issues into a message naming the field and a fields map', () => {
    const schema = z.object({ engine: z.object({ port: z.number().min(1, 'Port must be between 1 and 65535') }) });
    const res = schema.safeParse({ engine: { port: 0 } });
    expect(res.success).toBe(false);
    const err = validationFromZod(res.error!.issues);
    expect(err.status).toBe(400);
    expect(err.message).toBe('Port must be between 1 and 65535');
    expect(err.fields).toEqual({ 'engine.port': 'Port must be between 1 and 65535' });
  });
});
