import { describe, expect, it } from 'vitest';
import { deadLetterHeaders, DLQ_HEADERS, readDeadLetterInfo, type DeadLetterInfo } from './dlq.ts';

const info: DeadLetterInfo = {
  errorMessage: 'boom',
  errorCode: 'HANDLER_ERROR',
  attempts: 5,
  originalTopic: 'expensio.expense.v1',
  originalPartition: 2,
  originalOffset: '41',
  consumerGroup: 'financial-data.aggregates',
  failedAt: '2026-11-24T10:00:00.000Z',
};

describe('dead-letter headers', () => {
  it('keep the original headers, add the failure, and read back the same facts', () => {
    const headers = deadLetterHeaders({ ce_type: Buffer.from('EXPENSE_CREATED') }, info);
    expect(headers.ce_type).toBe('EXPENSE_CREATED');
    expect(headers[DLQ_HEADERS.attempts]).toBe('5');
    expect(readDeadLetterInfo(headers)).toEqual(info);
  });

  it('replace the failure headers of an earlier dead-lettering instead of stacking them', () => {
    const first = deadLetterHeaders({}, info);
    const second = deadLetterHeaders(first, { ...info, attempts: 1, errorMessage: 'again' });
    expect(readDeadLetterInfo(second)).toMatchObject({ attempts: 1, errorMessage: 'again' });
  });

  it('say nothing for a message that is no dead letter', () => {
    expect(readDeadLetterInfo({ ce_type: 'EXPENSE_CREATED' })).toBeUndefined();
  });
});
