// The rig is read by test/support/rig.ts (one loader for tests, journeys and benches); this file adds what only journeys use.
export { docker, loadRig, script } from '../../test/support/rig';

export const ADMIN = { username: 'admin', password: 'e2e-admin-password' };
export const E2E_LABEL = 'wharf.test=e2e';
