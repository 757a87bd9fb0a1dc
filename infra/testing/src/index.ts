export { getStackEnv, uniqueName } from './stackEnv.ts';
export { createTestDatabase } from './postgres.ts';
export { createTestMongoDb } from './mongo.ts';
export { createKafkaTestNamespace, type KafkaTestNamespace } from './kafka.ts';
export { createTestAuth, type TestAuth } from './auth.ts';
export { dataOf, graphqlRequest, type GraphQLResponse } from './graphql.ts';
export { available, startSystem, type RunningSystem, type ServiceName } from './system.ts';
export { startSubgraphHarness, type StartedSubgraph, type SubgraphHarness, type SubgraphTestEnv, type TestUser } from './subgraphHarness.ts';
