import { describe, expect, it } from 'vitest';
import { ackError, ApiRequestError, fieldErrors } from '@/components/api';
import { ERROR_STATUS } from '@/server/contracts/errors';
import {
  ConflictError,
  EngineConnectionError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  toApiError,
  UnauthenticatedError,
  ValidationError,
} from '@/server/errors';

describe('socket ack errors read like HTTP errors', () => {
  it('ERROR_STATUS gives each code the status its AppError is sent with over HTTP', () => {
    for (const err of [
      new ValidationError('bad', { name: 'taken' }),
      new UnauthenticatedError(),
      new ForbiddenError(),
      new NotFoundError('gone'),
      new ConflictError('dup'),
      new RateLimitedError(3),
      new EngineConnectionError('ENGINE_TLS', 'tls'),
    ]) {
      const { status, body } = toApiError(err);
      expect(ERROR_STATUS[body.code], body.code).toBe(status);
    }
  });

  it('keeps code, message and fields of the ack and takes the status from the code', () => {
    const { body } = toApiError(new ValidationError('Image x is not on this engine', { image: 'Not on this engine' }));
    const err = ackError(body);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ message: 'Image x is not on this engine', status: 400, code: 'VALIDATION' });
    expect(fieldErrors(err)).toEqual({ image: 'Not on this engine' });
  });

  it('an ack without fields has none; an unknown code reads as INTERNAL', () => {
    expect(ackError({ code: 'CONFLICT', message: 'dup' })).toMatchObject({ status: 409, code: 'CONFLICT', fields: {} });
    expect(ackError({ code: 'WHAT', message: 'x' })).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
