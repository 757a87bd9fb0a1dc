// Topics are per aggregate, named expensio.<aggregate>.v<major> (STYLE.md 14). The major changes only
// for a break that upcasting cannot bridge; new event versions travel on the same topic.

export const TOPICS = {
  expense: 'expensio.expense.v1',
  income: 'expensio.income.v1',
  financialData: 'expensio.financial-data.v1',
  user: 'expensio.user.v1',
  dashboard: 'expensio.dashboard.v1',
  chat: 'expensio.chat.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Every event topic, e.g. for creating them at start or for a replay CLI. */
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export type DlqTopic<T extends Topic = Topic> = `${T}.dlq`;

/** The dead-letter topic of an event topic: `<topic>.dlq`. */
export function dlqTopic<T extends Topic>(topic: T): DlqTopic<T> {
  return `${topic}.dlq`;
}

/** Every dead-letter topic, in the order of ALL_TOPICS. */
export const ALL_DLQ_TOPICS: readonly DlqTopic[] = ALL_TOPICS.map(dlqTopic);

export const isTopic = (value: unknown): value is Topic =>
  typeof value === 'string' && (ALL_TOPICS as readonly string[]).includes(value);
