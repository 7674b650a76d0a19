import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { AppError, type ValidationIssue } from '../errors/app-error.js';

type SchemaIssue = { readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined };

/**
 * Validates every route argument that declares a schema beside its route (`@Body({ schema })`,
 * `@Query({ schema })`, `@Param('id', { schema })`) and hands the handler the parsed value. A
 * failure becomes VALIDATION_FAILED listing every issue, each located from the request's side
 * (`body.name`, `query.limit`), so the handler never runs on bad input.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = metadata.schema;
    if (schema === undefined || metadata.type === 'custom') return value;
    const result = await schema['~standard'].validate(value);
    if (result.issues === undefined) return result.value;
    const root = metadata.data === undefined ? [metadata.type] : [metadata.type, metadata.data];
    throw new AppError('VALIDATION_FAILED', `invalid ${metadata.type}: ${result.issues.length} issue(s)`, {
      issues: result.issues.map((issue) => toValidationIssue(root, issue)),
    });
  }
}

function toValidationIssue(root: readonly string[], issue: SchemaIssue): ValidationIssue {
  const segments = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment));
  return { path: [...root, ...segments].join('.'), message: issue.message };
}
