import type { Kafka } from 'kafkajs';

export interface TopicSummary {
  readonly topic: string;
  readonly partitions: number;
  readonly messages: number;
  readonly endOffsets: readonly string[];
}

type Admin = ReturnType<Kafka['admin']>;

/**
 * A topic's offsets, riding out what a shared broker does meanwhile: a topic created a moment ago
 * may have no leader yet ("not the leader for that topic-partition", retriable), and one listed a
 * moment ago may be gone (undefined).
 */
async function topicOffsets(admin: Admin, topic: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      const e = err as { type?: string; retriable?: boolean };
      // Unknown may also mean "created, metadata not yet everywhere": asked again before skipping.
      if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION' && attempt >= 3) return undefined;
      if (!e.retriable || attempt >= 6) throw err;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

export async function describeTopics(kafka: Kafka, { includeInternal = false } = {}): Promise<TopicSummary[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => includeInternal || !t.startsWith('__')).sort();
    // One at a time: parallel metadata fetches on one kafkajs admin can fail with "write after end".
    const out: TopicSummary[] = [];
    for (const topic of topics) {
      const fetched = await topicOffsets(admin, topic);
      if (!fetched) continue; // deleted since it was listed
      const offsets = fetched.sort((a, b) => a.partition - b.partition);
      out.push({
        topic,
        partitions: offsets.length,
        messages: offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0),
        endOffsets: offsets.map((o) => o.high),
      });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

export interface GroupLag {
  readonly groupId: string;
  readonly state: string;
  readonly members: number;
  readonly topics: { topic: string; lag: number; partitions: { partition: number; committed: string; end: string; lag: number }[] }[];
  readonly totalLag: number;
}

/** Committed offsets against the end of each partition, for every consumer group or one. */
export async function describeGroupLag(kafka: Kafka, groupId?: string): Promise<GroupLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ids = groupId ? [groupId] : (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !g.startsWith('expensio-ops-'));
    const described = await admin.describeGroups(ids);
    const result: GroupLag[] = [];
    for (const group of described.groups) {
      const offsets = await admin.fetchOffsets({ groupId: group.groupId });
      const topics = [];
      for (const t of offsets) {
        const ends = new Map((await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, o.high]));
        const partitions = t.partitions.map((p) => {
          const end = ends.get(p.partition) ?? '0';
          const committed = p.offset;
          const lag = Number(committed) < 0 ? Number(end) : Math.max(0, Number(end) - Number(committed));
          return { partition: p.partition, committed, end, lag };
        });
        topics.push({ topic: t.topic, lag: partitions.reduce((n, p) => n + p.lag, 0), partitions });
      }
      result.push({
        groupId: group.groupId,
        state: group.state,
        members: group.members.length,
        topics,
        totalLag: topics.reduce((n, t) => n + t.lag, 0),
      });
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

export class GroupActiveError extends Error {}

/**
 * Moves a consumer group's committed offsets to the earliest offset or to the first offset at or
 * after a time, so its projection is rebuilt by replay. Refused while the group has live members:
 * their next commit would overwrite the reset.
 */
export async function resetGroupOffsets(
  kafka: Kafka,
  groupId: string,
  to: { earliest: true } | { datetime: Date },
  topicsFilter?: readonly string[],
): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [group] = (await admin.describeGroups([groupId])).groups;
    if (group && group.members.length > 0) {
      throw new GroupActiveError(
        `group ${groupId} has ${group.members.length} live member(s) (state ${group.state}); stop its consumers first`,
      );
    }
    const committed = await admin.fetchOffsets({ groupId });
    const topics = committed.map((t) => t.topic).filter((t) => !topicsFilter || topicsFilter.includes(t));
    for (const t of topicsFilter ?? []) if (!topics.includes(t)) topics.push(t);
    if (topics.length === 0) throw new Error(`group ${groupId} has no committed offsets; name the topics with --topic`);
    const done = [];
    for (const topic of topics) {
      const partitions =
        'earliest' in to
          ? (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: o.low }))
          : (await admin.fetchTopicOffsetsByTimestamp(topic, to.datetime.getTime())).map((o) => ({
              partition: o.partition,
              offset: o.offset,
            }));
      await admin.setOffsets({ groupId, topic, partitions });
      done.push({ topic, partitions });
    }
    return done;
  } finally {
    await admin.disconnect();
  }
}
