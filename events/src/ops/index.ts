// Operations on topics, groups and dead letters; the `npm run events` CLI is a thin shell over these.
export { readTopic, type ReadMessage } from './readTopic.ts';
export {
  listDeadLetterTopics,
  purgeDeadLetters,
  readDeadLetters,
  replayDeadLetters,
  type DeadLetter,
} from './deadLetters.ts';
export {
  describeGroupLag,
  describeTopics,
  GroupActiveError,
  resetGroupOffsets,
  type GroupLag,
  type TopicSummary,
} from './groups.ts';
