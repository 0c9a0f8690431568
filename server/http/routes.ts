/**
 * The app's route table: every *.routes.ts factory, in one list. Tests enumerate it.
 */
import type { AppContext } from '../context.js';
import type { RouteDef } from './route.js';
import { healthRoutes } from './health.routes.js';
import { authRoutes } from './auth.routes.js';
import { accountsRoutes } from './accounts.routes.js';
import { expertsRoutes } from './experts.routes.js';
import { lotsRoutes } from './lots.routes.js';
import { conflictsRoutes } from './conflicts.routes.js';
import { publicRegistryRoutes } from './public-registry.routes.js';
import { drawsRoutes } from './draws.routes.js';
import { witnessRoutes } from './witness.routes.js';
import { publicDrawsRoutes } from './public-draws.routes.js';
import { logRoutes } from './log.routes.js';
import { bundleRoutes } from './bundle.routes.js';
import { protocolRoutes } from './protocol.routes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;

export function allRoutes(ctx: AppContext): AnyRoute[] {
  return [
    ...healthRoutes(ctx),
    ...authRoutes(ctx),
    ...accountsRoutes(ctx),
    ...expertsRoutes(ctx),
    ...lotsRoutes(ctx),
    ...conflictsRoutes(ctx),
    ...publicRegistryRoutes(ctx),
    ...drawsRoutes(ctx),
    ...witnessRoutes(ctx),
    ...publicDrawsRoutes(ctx),
    ...logRoutes(ctx),
    ...bundleRoutes(ctx),
    ...protocolRoutes(ctx),
  ];
}
