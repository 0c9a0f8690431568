/**
 * Operator API of the Registry of Experts: list/search, read (with personal data), create, update,
 * suspend / exclude / reinstate, history, CSV import (dry-run too) and CSV export. Every write is
 * recorded with the session's username (server/registry/registry-write.ts).
 */
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { allExperts } from '../../db/repos/experts.repo.js';
import { listHistory } from '../../db/repos/history.repo.js';
import {
  ExpertCreate,
  ExpertListQuery,
  ExportQuery,
  TemplateQuery,
  ExpertPatch,
  HistoryQuery,
  ImportJsonBody,
  ImportQuery,
  RegistryNoParams,
  StatusChange,
} from '../../shared/api/registry.js';
import {
  changeExpertStatus,
  createExpert,
  expertHistory,
  getExpert,
  listExpertsPage,
  updateExpert,
  type StatusAction,
} from './experts.js';
import { exportExpertsCsv, importExpertsCsv } from './csv.js';
import { checkExpertsCsvOffThread, checkImportOffThread } from './csv-check-pool.js';
import { Reply, actorOf, route } from '../http/route.js';
import { sendCsv } from '../http/send-csv.js';
import type { ErrorBody } from '../http/error-handler.js';

const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** text/csv body (express.text) or JSON { csv } */
const ImportBody = z.union([z.string().min(1, 'empty file'), ImportJsonBody], {
  error: 'send the file as text/csv or JSON {"csv": "..."}',
});

function statusRoute(ctx: AppContext, action: StatusAction, summary: string) {
  return route({
    method: 'post',
    path: `/api/experts/:registryNo/${action}`,
    access: 'operator',
    params: RegistryNoParams,
    body: StatusChange,
    summary,
    handler: ({ params, body, user }) =>
      changeExpertStatus.committed(ctx, actorOf(user), params.registryNo, action, body),
  });
}

export function expertsRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/experts/import-template.csv',
      access: 'operator',
      query: TemplateQuery,
      summary: 'an empty import file for Excel: every column the import reads, headers in lang',
      handler: ({ query, res }) => {
        sendCsv(
          res,
          exportExpertsCsv([], { personal: true, lang: query.lang }),
          `registry-template-${query.lang}.csv`
        );
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/experts/export.csv',
      access: 'operator',
      query: ExportQuery,
      summary: 'the registry as CSV for Excel (UTF-8 BOM, ";"); personal data unless personal=0',
      handler: ({ query, res, user }) => {
        const { lang, personal, ...filter } = query;
        const experts = allExperts(ctx.db, filter);
        ctx.log.info({ userId: user?.id, rows: experts.length, personal }, 'registry exported');
        sendCsv(
          res,
          exportExpertsCsv(experts, { personal: personal === '1', lang }),
          'registry.csv'
        );
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/api/experts/import',
      access: 'operator',
      query: ImportQuery,
      body: ImportBody,
      summary:
        'CSV import, all or nothing; dryRun=1 only checks. 400 with errors [{row, column, problem}] if any row is bad',
      handler: async ({ query, body, user, res }) => {
        const text = typeof body === 'string' ? body : body.csv;
        const dryRun = query.dryRun === '1' || query.dryRun === 'true';
        const actor = actorOf(user);
        // Parsed and checked in a worker thread: the main thread only writes a clean file's rows,
        // in one transaction (and checks it again only if the registry changed meanwhile).
        const checked = dryRun
          ? { report: await checkExpertsCsvOffThread(ctx, text) }
          : await checkImportOffThread(ctx, text);
        const report =
          dryRun || checked.report.errors.length > 0
            ? { ...checked.report, dryRun }
            : await importExpertsCsv.committed(ctx, actor, text, {}, checked.ahead);
        ctx.log.info(
          {
            userId: user?.id,
            rows: report.rows,
            imported: report.imported,
            dryRun,
            problems: report.errors.length,
          },
          'registry import'
        );
        if (report.errors.length === 0) return report;
        res.status(400).json({
          error: {
            code: 'CSV_INVALID',
            message: `the file has ${report.errors.length} problem(s); nothing was imported`,
            issues: report.errors.map((e) => ({
              path: `row ${e.row}: ${e.column}`,
              message: e.problem,
            })),
          },
          ...report,
        } satisfies ErrorBody);
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/experts',
      access: 'operator',
      query: ExpertListQuery,
      summary: 'experts with personal data; q searches names and numbers; filters; pages',
      handler: ({ query }) => listExpertsPage(ctx.db, query),
    }),
    route({
      method: 'post',
      path: '/api/experts',
      access: 'operator',
      body: ExpertCreate,
      summary: 'add an expert (status active); 409 REGISTRY_NO_TAKEN if the number exists',
      handler: async ({ body, user }) =>
        new Reply(201, await createExpert.committed(ctx, actorOf(user), body)),
    }),
    route({
      method: 'get',
      path: '/api/experts/:registryNo',
      access: 'operator',
      params: RegistryNoParams,
      summary: 'one expert with personal data',
      handler: ({ params }) => getExpert(ctx.db, params.registryNo),
    }),
    route({
      method: 'patch',
      path: '/api/experts/:registryNo',
      access: 'operator',
      params: RegistryNoParams,
      body: ExpertPatch,
      summary: 'change fields of an expert (null clears an optional field)',
      handler: ({ params, body, user }) =>
        updateExpert.committed(ctx, actorOf(user), params.registryNo, body),
    }),
    statusRoute(ctx, 'suspend', 'suspend an active expert, with a reason'),
    statusRoute(
      ctx,
      'exclude',
      'exclude an expert from the registry (kept, never deleted), with a reason'
    ),
    statusRoute(
      ctx,
      'reinstate',
      'make a suspended or excluded expert active again, with a reason'
    ),
    route({
      method: 'get',
      path: '/api/experts/:registryNo/history',
      access: 'operator',
      params: RegistryNoParams,
      query: PageQuery,
      summary: "an expert's changes, newest first: who, when, before and after",
      handler: ({ params, query }) => expertHistory(ctx.db, params.registryNo, query),
    }),
    route({
      method: 'get',
      path: '/api/registry/history',
      access: 'operator',
      query: HistoryQuery,
      summary:
        'every registry change (experts, directions, competitions, lots, conflicts), newest first',
      handler: ({ query }) => {
        const { items, total } = listHistory(
          ctx.db,
          { entity: query.entity, key: query.key },
          { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }
        );
        return { items, total, page: query.page, pageSize: query.pageSize };
      },
    }),
  ];
}
