import { z } from 'zod';
import { defineEvent, envelopeBaseSchema, envelopeSchema, subjectSchema } from '../src';
import { countedJson } from './helpers/events';

describe('schemas', () => {
  it('envelopeSchema(data) validates a whole event of one type', () => {
    const schema = envelopeSchema(z.object({ count: z.number() }));

    expect(schema.safeParse(countedJson()).success).toBe(true);
    expect(schema.safeParse(countedJson({ data: { count: 'x' } })).success).toBe(false);
  });

  it('envelopeBaseSchema validates the envelope whatever the data', () => {
    expect(envelopeBaseSchema.safeParse(countedJson({ data: 'anything' })).success).toBe(true);
  });

  it.each([
    ['an empty type', { type: '', id: 'x' }],
    ['a type over 64 characters', { type: 't'.repeat(65), id: 'x' }],
    ['an empty id', { type: 'post', id: '' }],
    ['an id over 256 characters', { type: 'post', id: 'i'.repeat(257) }],
  ])('subjectSchema refuses %s', (_case, subject) => {
    expect(subjectSchema.safeParse(subject).success).toBe(false);
  });

  it('defineEvent returns the definition unchanged (it only fixes the types)', () => {
    const definition = { type: 'X', subjectType: 'x', schemaVersion: 1, data: z.object({}) };

    expect(defineEvent(definition)).toBe(definition);
  });
});
