// Where a push's freshness goes, hop by hop. After the freshness run, the events of each measured
// createExpense are read back from Kafka and followed along their causation chain:
//   EXPENSE_CREATED (expense) -> FINANCIALDATA_UPDATED naming it in `changes` (financial-data)
//   -> DASHBOARD_UPDATED `causedBy` that update (dashboard) -> the push the client received.
// Each event's `time` is taken by its producer just before the write that carries it (outbox), and
// each Kafka message's timestamp by the relay when it sends it; all processes share one clock.
import { TOPICS, type Topic } from '@expensio/events';
import { Kafka, logLevel } from 'kafkajs';

/** One measured mutation: when it was sent, when its push arrived (wall clock), and what it made. */
export interface Measured {
  expenseId: string;
  sentAt: number;
  pushedAt: number;
}

interface Seen {
  /** The producer's `time`: just before the write that carried the event. */
  writtenAt: number;
  /** The Kafka message timestamp: when the relay sent it. */
  sentAt: number;
  id: string;
}

export const HOPS = [
  ['mutation: request -> expense written', 'request', 'expenseWritten'],
  ['expense relay: written -> sent to Kafka', 'expenseWritten', 'expenseSent'],
  ['financial-data: consumed, month planned', 'expenseSent', 'monthWritten'],
  ['financial-data relay: written -> sent', 'monthWritten', 'monthSent'],
  ['dashboard: consumed, state planned', 'monthSent', 'dashboardWritten'],
  ['dashboard write -> push received', 'dashboardWritten', 'pushed'],
] as const;
type Point = (typeof HOPS)[number][1 | 2];
export type Chain = Record<Point, number>;

/** Reads the run's expense, financial-data and dashboard topics and rebuilds each mutation's chain. */
export async function readChains(brokers: string[], topicPrefix: string, measured: readonly Measured[]): Promise<Chain[]> {
  const kafka = new Kafka({ brokers, clientId: 'bench-hops', logLevel: logLevel.NOTHING });
  const expenses = new Map<string, Seen>(); // by expenseId
  const months = new Map<string, Seen>(); // by the source event id each update names
  const dashboards = new Map<string, Seen>(); // by causedBy
  const topics: Topic[] = [TOPICS.expense, TOPICS.financialData, TOPICS.dashboard];
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(`${topicPrefix}${topic}`)) ends.set(`${topicPrefix}${topic}/${p.partition}`, Number(p.high));
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-hops-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: topics.map((t) => `${topicPrefix}${t}`), fromBeginning: true });
  const left = new Set([...ends].filter(([, high]) => high > 0).map(([key]) => key));
  await new Promise<void>((resolve) => {
    if (left.size === 0) resolve();
    // A figure, not a test: what was read by then is reported rather than waiting forever.
    setTimeout(resolve, 60_000).unref();
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        try {
          const event = JSON.parse(message.value?.toString() ?? 'null') as { id: string; type: string; time: string; data: Record<string, unknown> };
          const seen: Seen = { writtenAt: Date.parse(event.time), sentAt: Number(message.timestamp), id: event.id };
          if (event.type === 'EXPENSE_CREATED') expenses.set(event.data.expenseId as string, seen);
          else if (event.type === 'FINANCIALDATA_UPDATED') {
            for (const c of event.data.changes as { id: string }[]) if (!months.has(c.id)) months.set(c.id, seen);
          } else if (event.type === 'DASHBOARD_UPDATED') {
            const cause = event.data.causedBy as string;
            if (!dashboards.has(cause)) dashboards.set(cause, seen);
          }
        } catch {
          // Not an event of ours (no value, not JSON): nothing to follow.
        }
        if (Number(message.offset) + 1 >= (ends.get(`${topic}/${partition}`) ?? 0)) {
          left.delete(`${topic}/${partition}`);
          if (left.size === 0) resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  const chains: Chain[] = [];
  for (const m of measured) {
    const expense = expenses.get(m.expenseId);
    const month = expense && months.get(expense.id);
    const dashboard = month && dashboards.get(month.id);
    if (!dashboard) continue;
    chains.push({
      request: m.sentAt,
      expenseWritten: expense.writtenAt,
      expenseSent: expense.sentAt,
      monthWritten: month.writtenAt,
      monthSent: month.sentAt,
      dashboardWritten: dashboard.writtenAt,
      pushed: m.pushedAt,
    });
  }
  return chains;
}
