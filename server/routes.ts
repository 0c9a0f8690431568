/**
 * The app's route table: every *.routes.ts factory, in one list. Tests enumerate it.
 */
import type { AppContext } from './context.js';
import type { RouteDef } from './http/route.js';
import { healthRoutes } from './http/health.routes.js';
import { authRoutes } from './accounts/auth.routes.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { expertsRoutes } from './registry/experts.routes.js';
import { lotsRoutes } from './lots/lots.routes.js';
import { conflictsRoutes } from './lots/conflicts.routes.js';
import { publicRegistryRoutes } from './registry/public-registry.routes.js';
import { publicLotsRoutes } from './lots/public-lots.routes.js';
import { drawsRoutes } from './draws/draws.routes.js';
import { ceremonyRoutes } from './draws/ceremony.routes.js';
import { witnessRoutes } from './draws/witness.routes.js';
import { publicDrawsRoutes } from './draws/public-draws.routes.js';
import { expertDrawsRoutes } from './draws/expert-draws.routes.js';
import { logRoutes } from './log/log.routes.js';
import { bundleRoutes } from './draws/bundle.routes.js';
import { protocolRoutes } from './protocol/protocol.routes.js';

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
    ...publicLotsRoutes(ctx),
    ...drawsRoutes(ctx),
    ...ceremonyRoutes(ctx),
    ...witnessRoutes(ctx),
    ...publicDrawsRoutes(ctx),
    ...expertDrawsRoutes(ctx),
    ...logRoutes(ctx),
    ...bundleRoutes(ctx),
    ...protocolRoutes(ctx),
  ];
}
