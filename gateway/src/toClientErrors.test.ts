import { createFormatError, createLogger } from '@expensio/kit';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toClientErrors } from './toClientErrors.ts';

const formatError = createFormatError(createLogger({ service: 'test', level: 'silent' }));

describe('toClientErrors', () => {
  it('keeps a coded error with its code and subgraph, as a real GraphQLError', () => {
    const [e] = toClientErrors(
      [
        new GraphQLError('User not found', {
          path: ['ticked', 'user'],
          extensions: { code: 'NOT_FOUND', serviceName: 'people' },
        }),
      ],
      formatError,
    );
    expect(e).toBeInstanceOf(GraphQLError);
    expect(e?.toJSON()).toEqual({
      message: 'User not found',
      path: ['ticked', 'user'],
      extensions: { code: 'NOT_FOUND', serviceName: 'people' },
    });
  });

  it('masks an uncoded error (a network failure naming an internal URL)', () => {
    const [e] = toClientErrors(
      [new Error('request to http://10.0.0.7:4001/graphql failed, reason: connect ECONNREFUSED')],
      formatError,
    );
    expect(e?.toJSON()).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('cuts URLs from shown messages and drops paths through _entities', () => {
    const [e] = toClientErrors(
      [
        new GraphQLError('Upstream ws://people.internal:4001/graphql refused', {
          path: ['_entities', 'x'],
          extensions: { code: 'FORBIDDEN' },
        }),
      ],
      formatError,
    );
    expect(e?.toJSON()).toEqual({
      message: 'Upstream <internal> refused',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
