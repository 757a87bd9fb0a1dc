import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w @expensio/user` writes a new migration after a change to src/db/schema.ts.
// Migrations are committed and applied by the service at start (src/db/database.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
