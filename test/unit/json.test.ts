import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@/server/errors';
import { JsonLines, parseJson, parseJsonOr, readJsonFile, toJson } from '@/server/json';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-json-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('parseJson', () => {
  it('parses text and bytes alike, including a view into a larger buffer', () => {
    expect(parseJson('{"a":[1,"é"]}')).toEqual({ a: [1, 'é'] });
    expect(parseJson(Buffer.from('[true,null]'))).toEqual([true, null]);
    const big = Buffer.from('xx{"b":2}yy');
    expect(parseJson(big.subarray(2, 9))).toEqual({ b: 2 });
    expect(parseJson(new Uint8Array(Buffer.from('"s"')))).toBe('s');
  });

  it('names what was malformed and shows how it starts', () => {
    expect(() => parseJson('{"a":', 'engine x: config')).toThrow(/^engine x: config is not valid JSON: "\{\\"a\\":"$/);
    expect(() => parseJson('<html>' + 'x'.repeat(500))).toThrow(/^text is not valid JSON: "<html>x+…"$/);
    expect(() => parseJson('')).toThrow(/not valid JSON/);
  });

  it('throws the error the caller asks for (an AppError keeps its code and status)', () => {
    let caught: unknown;
    try {
      parseJson('nope', () => new ValidationError('Request body is not valid JSON'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught).toMatchObject({ code: 'VALIDATION', status: 400, message: 'Request body is not valid JSON' });
  });
});

describe('parseJsonOr', () => {
  it('answers the fallback for malformed text only', () => {
    expect(parseJsonOr('{"mode":1}', null)).toEqual({ mode: 1 });
    expect(parseJsonOr('{torn', null)).toBeNull();
    expect(parseJsonOr('not json', 'kept')).toBe('kept');
    // A JSON null is a value, not a failure.
    expect(parseJsonOr('null', 'fallback')).toBeNull();
  });
});

describe('readJsonFile', () => {
  it('reads a JSON file', () => {
    const file = path.join(tmp, 'ok.json');
    fs.writeFileSync(file, '{"version":"1.2.3"}\n');
    expect(readJsonFile<{ version: string }>(file).version).toBe('1.2.3');
  });

  it('names the file when it is malformed or missing', () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, '{"version":');
    expect(() => readJsonFile(file)).toThrow(`${file} is not valid JSON`);
    expect(() => readJsonFile(path.join(tmp, 'absent.json'))).toThrow(/ENOENT.*absent\.json/);
  });
});

describe('toJson', () => {
  it('serialises like JSON.stringify', () => {
    const v = { a: 1, b: ['x', null], c: { d: true } };
    expect(toJson(v)).toBe(JSON.stringify(v));
    expect(toJson(v, 2)).toBe(JSON.stringify(v, null, 2));
    expect(toJson(null)).toBe('null');
  });

  it('refuses values with no JSON form instead of writing undefined', () => {
    expect(() => toJson(undefined)).toThrow(/undefined has no JSON form/);
    expect(() => toJson(() => 1)).toThrow(/function has no JSON form/);
    expect(() => toJson(Symbol('s'))).toThrow(/symbol has no JSON form/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => toJson(loop)).toThrow(/circular/i);
  });
});

describe('JsonLines', () => {
  it('joins a line cut across chunks and skips blank, torn and foreign lines', () => {
    const lines = new JsonLines<{ n: number }>();
    expect(lines.push('{"n":1}\n{"n"')).toEqual([{ n: 1 }]);
    expect(lines.push(Buffer.from(':2}\n\n  \nnot json\n{"n":3}'))).toEqual([{ n: 2 }]);
    expect(lines.push('\r\n')).toEqual([{ n: 3 }]);
    expect(lines.push('{"n":4}')).toEqual([]);
  });

  it('hands each value its line: an event keeps the timeNano digits a double loses', () => {
    const lines = new JsonLines<{ timeNano: number; exact?: string }>((v, line) => ({ ...v, exact: /"timeNano":(\d+)/.exec(line)?.[1] }));
    const [ev] = lines.push('{"Type":"container","timeNano":1764563530123456789}\n');
    expect(ev!.exact).toBe('1764563530123456789');
    expect(String(ev!.timeNano)).not.toBe('1764563530123456789');
  });
});
