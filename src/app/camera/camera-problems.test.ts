import { describe, expect, it } from 'vitest';
import { cameraProblem } from './camera-problems.ts';

const rejected = (name: string, message = '') => new DOMException(message, name);

describe('camera problems', () => {
  it('says what to do for each way getUserMedia refuses', () => {
    expect(cameraProblem(rejected('NotAllowedError', 'Permission denied'))).toMatch(/not allowed.*Allow it/);
    expect(cameraProblem(rejected('NotFoundError'))).toMatch(/No camera was found/);
    expect(cameraProblem(rejected('NotReadableError', 'Could not start video source'))).toMatch(/another application/);
    expect(cameraProblem(rejected('OverconstrainedError'))).toMatch(/no longer there/);
  });
  it('passes on the browser\'s reason for anything else', () => {
    expect(cameraProblem(new TypeError('video is required'))).toBe('The camera could not be started: video is required.');
    expect(cameraProblem(rejected('UnknownError'))).toBe('The camera could not be started: the browser gave no reason.');
  });
});
