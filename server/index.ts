/**
 * The only place that reads the environment and calls listen(). ROLE picks what runs:
 * the writer (server/writer.ts, the default) or a read-only edge (server/edge.ts).
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startEdge } from './edge.js';
import { startWriter } from './writer.js';
import type { Role } from './role.js';
import { AppError } from '../shared/errors.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`adal: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

const log = createLogger(config.LOG_LEVEL);
let role: Role;
try {
  role = config.ROLE === 'edge' ? await startEdge(config, log) : await startWriter(config, log);
} catch (e) {
  if (!(e instanceof AppError)) throw e;
  process.stderr.write(`adal: ${e.code}: ${e.message}\n`);
  process.exit(1);
}
const { server } = role;
server.listen(config.PORT, config.HOST, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  log.info(
    { port, role: role.name },
    `Adal Draw (${role.name}) serving on http://localhost:${port}`
  );
});

function shutdown() {
  void role.closeSockets();
  server.close(() => {
    void role.close().then(() => process.exit(0));
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
