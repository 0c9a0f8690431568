/**
 * The worker thread that renders protocol PDFs (server/workers/pool.ts): a PDF of a large draw costs
 * about half a second of CPU, which on the main thread would delay every live viewer's next step. The
 * draw's public view (its pool of thousands of experts, the steps, the fairness report) is read here
 * too, over the thread's own read-only connection, when the task names the database file: building
 * it on the main thread cost a few hundred milliseconds of a 2,000-expert draw.
 */
import { publicDrawDetail } from '../draws/views.js';
import { isCeremony } from '../draws/ceremony-create.js';
import { publicCeremonyDetail } from '../draws/ceremony-views.js';
import { renderCeremonyProtocolPdf, type CeremonyProtocolInput } from './ceremony-pdf.js';
import { readOnlyDb } from '../workers/read-only-db.js';
import { serveTasks } from '../workers/serve.js';
import { renderProtocolPdf, type ProtocolInput } from './pdf.js';

/**
 * A ready input (a draw's or a ceremony's), or one whose view the worker reads from the database
 * file (a ceremony's view when the draw is a ceremony).
 */
export type PdfTask =
  | ProtocolInput
  | CeremonyProtocolInput
  | (Omit<ProtocolInput, 'draw'> & { file: string; drawId: string });

serveTasks((task: PdfTask) => {
  if ('draw' in task) return renderProtocolPdf(task);
  if ('ceremony' in task) return renderCeremonyProtocolPdf(task);
  const { file, drawId, ...rest } = task;
  const deps = { db: readOnlyDb(file) };
  return isCeremony(deps, drawId)
    ? renderCeremonyProtocolPdf({ ...rest, ceremony: publicCeremonyDetail(deps, drawId) })
    : renderProtocolPdf({ ...rest, draw: publicDrawDetail(deps, drawId) });
});
