import { randomBytes } from 'node:crypto';

// Jest gives every test file its own module registry, so this is evaluated once per file.
const topicPrefix = `t${randomBytes(4).toString('hex')}.`;

/** A prefix unique to the current test file, so parallel files never share a topic (or group) name. */
export function testTopicPrefix(): string {
  return topicPrefix;
}
