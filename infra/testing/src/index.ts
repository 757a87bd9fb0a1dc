export { getStackEnv, uniqueName } from './stackEnv.ts';
export { createTestDatabase } from './postgres.ts';
