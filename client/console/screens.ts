/**
 * The console's screens by address, with the role each needs (the API enforces the same roles; the
 * router only spares the user a screen of refusals). More specific paths come first.
 */
import type { ScreenDef } from './router.js';
import { mountAccounts } from './screen-accounts.js';
import { mountCeremony } from './screen-ceremony.js';
import { mountCeremonyNew } from './screen-ceremony-new.js';
import { mountCeremonyProtocol } from './screen-ceremony-protocol.js';
import { mountConflicts } from './screen-conflicts.js';
import { mountDirections } from './screen-directions.js';
import { mountDraw } from './screen-draw.js';
import { mountDraws } from './screen-draws.js';
import { mountExpert } from './screen-expert.js';
import { mountExperts } from './screen-experts.js';
import { mountImport } from './screen-import.js';
import { mountLot } from './screen-lot.js';
import { mountLots } from './screen-lots.js';
import { mountProtocol } from './screen-protocol.js';
import { mountWitness } from './screen-witness.js';

export const SCREENS: readonly ScreenDef[] = [
  { path: '/console/witness', access: 'observer', title: 'witness.heading', mount: mountWitness },
  {
    path: '/console/experts/new',
    access: 'operator',
    title: 'console.experts.new',
    mount: mountExpert,
  },
  {
    path: '/console/experts/:registryNo',
    access: 'operator',
    title: 'console.experts.heading',
    mount: mountExpert,
  },
  {
    path: '/console/experts',
    access: 'operator',
    title: 'console.experts.heading',
    mount: mountExperts,
  },
  {
    path: '/console/import',
    access: 'operator',
    title: 'console.import.heading',
    mount: mountImport,
  },
  {
    path: '/console/directions',
    access: 'operator',
    title: 'console.directions.heading',
    mount: mountDirections,
  },
  { path: '/console/lots/new', access: 'operator', title: 'console.lots.new', mount: mountLot },
  { path: '/console/lots/:id', access: 'operator', title: 'console.lots.heading', mount: mountLot },
  { path: '/console/lots', access: 'operator', title: 'console.lots.heading', mount: mountLots },
  {
    path: '/console/conflicts',
    access: 'operator',
    title: 'console.conflicts.heading',
    mount: mountConflicts,
  },
  {
    path: '/console/ceremonies/new',
    access: 'operator',
    title: 'console.ceremony.newHeading',
    mount: mountCeremonyNew,
  },
  {
    path: '/console/ceremonies/:id/protocol',
    access: 'operator',
    title: 'console.protocol.print',
    mount: mountCeremonyProtocol,
  },
  {
    path: '/console/ceremonies/:id',
    access: 'operator',
    title: 'console.ceremony.heading',
    mount: mountCeremony,
  },
  {
    path: '/console/draws/new',
    access: 'operator',
    title: 'console.draws.heading',
    mount: mountDraws,
  },
  {
    path: '/console/draws/:id/protocol',
    access: 'operator',
    title: 'console.protocol.print',
    mount: mountProtocol,
  },
  {
    path: '/console/draws/:id',
    access: 'operator',
    title: 'console.draws.heading',
    mount: mountDraw,
  },
  { path: '/console/draws', access: 'operator', title: 'console.draws.heading', mount: mountDraws },
  {
    path: '/console/accounts',
    access: 'admin',
    title: 'console.accounts.heading',
    mount: mountAccounts,
  },
];
