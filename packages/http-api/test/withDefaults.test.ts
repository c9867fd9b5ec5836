import { withDefaults } from '../src/withDefaults';

describe('withDefaults', () => {
  it('lets given options win over defaults', () => {
    expect(withDefaults({ size: 1, mode: 'a' }, { size: 2 })).toEqual({ size: 2, mode: 'a' });
  });

  it('keeps the default of an option passed as undefined', () => {
    expect(withDefaults({ size: 1 }, { size: undefined })).toEqual({ size: 1 });
  });

  it('keeps falsy options that are not undefined', () => {
    expect(withDefaults({ size: 1, on: true, name: 'x' }, { size: 0, on: false, name: '' })).toEqual({
      size: 0,
      on: false,
      name: '',
    });
  });

  it('passes through options that have no default, and leaves both inputs unchanged', () => {
    const defaults = { size: 1 };
    const options = { handler: 'h' };

    expect(withDefaults(defaults, options)).toEqual({ size: 1, handler: 'h' });
    expect(defaults).toEqual({ size: 1 });
    expect(options).toEqual({ handler: 'h' });
  });
});
