/**
 * The worker thread that renders protocol PDFs (server/workers/pool.ts): a PDF of a large draw costs
 * about half a second of CPU, which on the main thread would delay every live viewer's next step.
 */
import { serveTasks } from '../workers/serve.js';
import { renderProtocolPdf, type ProtocolInput } from './pdf.js';

serveTasks((input: ProtocolInput) => renderProtocolPdf(input));
