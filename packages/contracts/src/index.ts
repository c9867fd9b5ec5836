export { ClapsByMemberChanged, clapsEvents, PostClapsTotalChanged } from './clapsEvents';
export {
  clapCountSchema,
  MAX_BODY_LENGTH,
  MAX_TITLE_LENGTH,
  memberIdSchema,
  postIdSchema,
} from './ids';
export { PostPublished, postsEvents } from './postsEvents';
