import { type AsOf, AsOfError, parseAsOf } from '@keel/history';
import { HttpProblem } from '../common/api-error';

/** A 400 naming the query parameter for a bad moment. */
export function badMoment(error: AsOfError): HttpProblem {
  return new HttpProblem(400, 'Validation', error.message, [{ path: error.parameter, reason: error.reason }]);
}

/** Parses query parameter `name` as a moment (ISO time, position or checkpoint), or answers a 400 naming it. */
export function momentParameter(name: string, raw: string | undefined): AsOf {
  try {
    return parseAsOf(raw, name);
  } catch (error) {
    if (error instanceof AsOfError) throw badMoment(error);
    throw error;
  }
}

/** Runs a history read, turning an {@link AsOfError} (e.g. a malformed checkpoint) into a 400. */
export async function historyRead<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AsOfError) throw badMoment(error);
    throw error;
  }
}
