/**
 * Dead-letter messages keep the original key, value and headers, and add these headers saying
 * what failed, where and when. `npm run events -- dlq show` prints them; `dlq replay` sends the
 * original back to `x-original-topic`.
 */
export const DLQ_HEADERS = {
  errorMessage: 'x-error-message',
  errorCode: 'x-error-code',
  attempts: 'x-attempts',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  consumerGroup: 'x-consumer-group',
  failedAt: 'x-failed-at',
} as const;

export interface DeadLetterInfo {
  readonly errorMessage: string;
  readonly errorCode: string;
  /** 0 when the message failed validation and the handler never ran. */
  readonly attempts: number;
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly consumerGroup: string;
  readonly failedAt: string;
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

export function headerString(value: HeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Headers of the dead-letter copy: the original's (minus earlier x-* failure headers) plus ours. */
export function deadLetterHeaders(
  original: Record<string, HeaderValue> | undefined,
  info: DeadLetterInfo,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const ours = new Set<string>(Object.values(DLQ_HEADERS));
  for (const [name, value] of Object.entries(original ?? {})) {
    const text = headerString(value);
    if (text !== undefined && !ours.has(name)) headers[name] = text;
  }
  headers[DLQ_HEADERS.errorMessage] = info.errorMessage.slice(0, 2_000);
  headers[DLQ_HEADERS.errorCode] = info.errorCode;
  headers[DLQ_HEADERS.attempts] = String(info.attempts);
  headers[DLQ_HEADERS.originalTopic] = info.originalTopic;
  headers[DLQ_HEADERS.originalPartition] = String(info.originalPartition);
  headers[DLQ_HEADERS.originalOffset] = info.originalOffset;
  headers[DLQ_HEADERS.consumerGroup] = info.consumerGroup;
  headers[DLQ_HEADERS.failedAt] = info.failedAt;
  return headers;
}

/** Reads the failure headers back (undefined when the message is not a dead letter of ours). */
export function readDeadLetterInfo(
  headers: Record<string, HeaderValue> | undefined,
): DeadLetterInfo | undefined {
  const get = (name: string) => headerString(headers?.[name]);
  const originalTopic = get(DLQ_HEADERS.originalTopic);
  if (!originalTopic) return undefined;
  return {
    errorMessage: get(DLQ_HEADERS.errorMessage) ?? '',
    errorCode: get(DLQ_HEADERS.errorCode) ?? '',
    attempts: Number(get(DLQ_HEADERS.attempts) ?? 0),
    originalTopic,
    originalPartition: Number(get(DLQ_HEADERS.originalPartition) ?? -1),
    originalOffset: get(DLQ_HEADERS.originalOffset) ?? '',
    consumerGroup: get(DLQ_HEADERS.consumerGroup) ?? '',
    failedAt: get(DLQ_HEADERS.failedAt) ?? '',
  };
}
