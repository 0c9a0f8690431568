-- 0032: find an expert's draws by registry number (GET /api/public/experts/:registryNo/draws).
CREATE INDEX draw_pool_registry_no ON draw_pool (registry_no);
