// Imported first by server/index.ts: must run before anything requires dockerode (see engines/lazy-deps.ts).
import { deferEngineDeps } from './engines/lazy-deps';

deferEngineDeps();
