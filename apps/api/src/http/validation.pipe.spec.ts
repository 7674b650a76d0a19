import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { SchemaValidationPipe } from './validation.pipe.js';

const sut = new SchemaValidationPipe();
const renameSchema = z.object({ name: z.string().min(1), tags: z.array(z.string()).max(2) });

describe(SchemaValidationPipe.name, () => {
  it('hands the handler the parsed value, without unknown keys', async () => {
    const value = await sut.transform({ name: 'a', tags: [], extra: true }, { type: 'body', schema: renameSchema });
    expect(value).toEqual({ name: 'a', tags: [] });
  });

  it('reports every issue at once, located from the request side', async () => {
    const failure = sut.transform({ name: '', tags: [3] }, { type: 'body', schema: renameSchema });
    await expect(failure).rejects.toBeInstanceOf(AppError);
    const error = (await failure.catch((thrown: unknown) => thrown)) as AppError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['body.name', 'body.tags.0']);
  });

  it('names the parameter it validated', async () => {
    const failure = sut.transform('not-a-uuid', { type: 'param', data: 'id', schema: z.uuid() });
    await expect(failure).rejects.toMatchObject({ issues: [{ path: 'param.id' }] });
  });

  it('leaves arguments without a schema alone', async () => {
    const raw = { anything: 1 };
    await expect(sut.transform(raw, { type: 'body' })).resolves.toBe(raw);
  });
});
