export { getStackEnv, uniqueName } from './stackEnv.ts';
export { createTestDatabase } from './postgres.ts';
export { createTestMongoDb } from './mongo.ts';
export { createKafkaTestNamespace, type KafkaTestNamespace } from './kafka.ts';
