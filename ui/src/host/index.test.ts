import { describe, expect, it } from 'vitest';
import { describeError } from './index';

describe('describeError', () => {
  it('shows the message of an error from Rust', () => {
    expect(describeError({ kind: 'read', message: 'data/programme.json: cannot read it' })).toBe(
      'data/programme.json: cannot read it',
    );
  });

  it('shows anything else as text', () => {
    expect(describeError(new Error('boom'))).toBe('Error: boom');
    expect(describeError(null)).toBe('null');
  });
});
