import { EVENT_ID_NAMESPACE, eventIdFor } from '../src';
import { uuidV5 } from './helpers/uuidV5';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const post = { type: 'post', id: 'p-1' };

describe('eventIdFor', () => {
  it('is a version-5 (name-based) UUID', () => {
    expect(eventIdFor('PostPublished', post, 1)).toMatch(UUID_V5);
  });

  it('is the same for the same type, subject and version, every time', () => {
    const ids = new Set(Array.from({ length: 5 }, () => eventIdFor('PostPublished', { ...post }, 1)));

    expect(ids.size).toBe(1);
  });

  it('is the UUID v5 of "type/subjectType/subjectId/version" in the package namespace', () => {
    // The oracle is checked against RFC 9562's own example below, so this pins the algorithm and the name.
    expect(eventIdFor('PostClapsTotalChanged', post, 7)).toBe(
      uuidV5('PostClapsTotalChanged/post/p-1/7', EVENT_ID_NAMESPACE),
    );
  });

  it('keeps its value across releases: stored events and dedup tables rely on it', () => {
    // Pinned on purpose: changing the namespace or the name format would give every event a new id.
    expect(EVENT_ID_NAMESPACE).toBe('4f6c7b2e-0d1a-5c3e-9b8a-6e2d1f0a7c45');
    expect(eventIdFor('PostClapsTotalChanged', post, 7)).toBe('8ec2d1b1-9141-523f-9cad-5197c0f62ce2');
  });

  it('differs by event type', () => {
    expect(eventIdFor('PostPublished', post, 1)).not.toBe(eventIdFor('PostEdited', post, 1));
  });

  it('differs by subject id', () => {
    expect(eventIdFor('PostPublished', post, 1)).not.toBe(
      eventIdFor('PostPublished', { ...post, id: 'p-2' }, 1),
    );
  });

  it('differs by subject type', () => {
    expect(eventIdFor('Deleted', { type: 'post', id: 'x' }, 1)).not.toBe(
      eventIdFor('Deleted', { type: 'user', id: 'x' }, 1),
    );
  });

  it('differs by version', () => {
    expect(eventIdFor('PostPublished', post, 1)).not.toBe(eventIdFor('PostPublished', post, 2));
  });

  it('gives a thousand versions of one subject a thousand ids', () => {
    const ids = new Set(
      Array.from({ length: 1000 }, (_, version) => eventIdFor('PostPublished', post, version + 1)),
    );

    expect(ids.size).toBe(1000);
  });

  it('keeps a subject id containing "/" apart from other ids and versions', () => {
    expect(eventIdFor('T', { type: 's', id: 'a/1' }, 2)).not.toBe(
      eventIdFor('T', { type: 's', id: 'a' }, 12),
    );
  });

  it('is checked by an oracle that reproduces RFC 9562 appendix A.4 (DNS namespace, "www.example.com")', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});
