/**
 * Middlewares run one after another as a single express layer. Every app-level layer costs the
 * router a path match and a dispatch per request, which showed in the profile of the public GETs;
 * the app's own cheap per-request steps go through one layer instead. The first error (passed to
 * next or thrown) skips the rest and goes to express's error handling, as it would between layers.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

function run(
  steps: readonly RequestHandler[],
  i: number,
  req: Request,
  res: Response,
  next: NextFunction
): void {
  const fn = steps[i];
  if (!fn) return next();
  try {
    void fn(req, res, (err?: unknown) =>
      err !== undefined && err !== null ? next(err) : run(steps, i + 1, req, res, next)
    );
  } catch (e) {
    next(e);
  }
}

export function series(...steps: RequestHandler[]): RequestHandler {
  return (req, res, next) => run(steps, 0, req, res, next);
}
