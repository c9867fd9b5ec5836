export {
  ClapsByMemberChanged,
  type ClapsByMemberChangedEvent,
  type ClapsEvent,
  clapsEvents,
  PostClapsTotalChanged,
  type PostClapsTotalChangedEvent,
} from './clapsEvents';
export { domainEvents } from './domainEvents';
export {
  clapCountSchema,
  MAX_BODY_LENGTH,
  MAX_TITLE_LENGTH,
  memberIdSchema,
  postIdSchema,
} from './ids';
export { PostPublished, type PostPublishedEvent, postsEvents } from './postsEvents';
