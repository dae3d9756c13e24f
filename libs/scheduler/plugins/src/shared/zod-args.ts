import { fail, ok, type Result } from '@keel/scheduler-framework';
import { type z } from 'zod';

/** Turn a zod schema into a framework `parseArgs` (absent args mean `{}`, i.e. the defaults). */
export function zodArgs<S extends z.ZodType>(schema: S): (raw: unknown) => Result<z.output<S>> {
  return (raw) => {
    const parsed = schema.safeParse(raw ?? {});
    if (parsed.success) return ok(parsed.data);
    const issue = parsed.error.issues[0];
    const path = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.');
    return fail(`${path}: ${issue?.message ?? 'invalid'}`);
  };
}
