import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-errors';
import { ErrorCode } from '../errors/error-code';
import type { Admission } from '../security/admission';
import { RateLimitedError } from '../security/rate-limit';

/**
 * /metrics is for operators: METRICS_TOKEN (so Prometheus needs no admin key) or the admin key. Answers the
 * refusal itself and returns true when it did: 401 without a valid key, 403 for a key that is not the admin's.
 */
export async function refuseUnlessAllowed(request: FastifyRequest, reply: FastifyReply, admission: Admission, token: string | undefined): Promise<boolean> {
  const presented = bearerToken(request.headers.authorization);
  if (token && presented !== null && sameSecret(presented, token)) return false;
  const refuse = (status: number, code: ErrorCode, message: string) => {
    void reply.code(status).send({ errors: [{ message, extensions: { code, requestId: request.id } }] });
    return true;
  };
  try {
    // a wrong token falls through to here, so guesses count against the address's rate limit
    const { viewer } = await admission.admit(request.headers.authorization, request.ip);
    if (viewer.isAdmin) return false;
    return refuse(403, ErrorCode.FORBIDDEN, 'Metrics need the admin key or METRICS_TOKEN.');
  } catch (error) {
    if (!(error instanceof AppError)) throw error; // the app's error handler logs it and answers 500
    const code = error.extensions.code as ErrorCode;
    if (code === ErrorCode.UNAUTHENTICATED) return refuse(401, code, 'Send "Authorization: Bearer <admin key or METRICS_TOKEN>" to read metrics.');
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    return refuse((error.extensions.http as { status: number }).status, code, error.message);
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Constant-time comparison (of digests, so the lengths match). */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
