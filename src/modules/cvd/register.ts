import type { Deps } from '../../platform/deps.js';
import type { HttpServer } from '../../platform/http/server.js';
import { cvdIntakeRoutes } from './intake-routes.js';
import { cvdNoticeRoutes } from './notice-routes.js';
import { cvdCaseRoutes } from './routes.js';

/** Every coordinated-disclosure route group, registered by one line in src/app.ts. */
export function cvdRoutes(app: HttpServer, deps: Deps): void {
  cvdCaseRoutes(app, deps);
  cvdIntakeRoutes(app, deps);
  cvdNoticeRoutes(app, deps);
}
