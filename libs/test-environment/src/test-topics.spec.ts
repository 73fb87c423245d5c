import { testTopicPrefix } from './test-topics';

describe('testTopicPrefix', () => {
  it('is stable within a test file and valid in Kafka topic names', () => {
    expect(testTopicPrefix()).toBe(testTopicPrefix());
    expect(testTopicPrefix()).toMatch(/^t[0-9a-f]{8}\.$/);
  });

  it('differs between test files (each file gets a fresh module registry)', () => {
    let otherFilePrefix: string | undefined;
    jest.isolateModules(() => {
      otherFilePrefix = jest.requireActual<typeof import('./test-topics')>('./test-topics').testTopicPrefix();
    });
    expect(otherFilePrefix).toMatch(/^t[0-9a-f]{8}\.$/);
    expect(otherFilePrefix).not.toBe(testTopicPrefix());
  });
});
