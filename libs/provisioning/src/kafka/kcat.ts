/**
 * A ready kcat command line that publishes as a producing system (reference: kafka-security.md
 * section 6). It holds the password: print it once, to the person registering the system; `-F`
 * with a file keeps it out of `ps` on shared machines.
 */
export function kcatProducerCommand(options: { brokers: string[]; caFile: string; username: string; password: string; topic: string }): string {
  return [
    'kcat',
    `-b ${options.brokers.join(',')}`,
    '-X security.protocol=SASL_SSL',
    `-X ssl.ca.location=${options.caFile}`,
    '-X sasl.mechanisms=SCRAM-SHA-512',
    `-X sasl.username=${options.username}`,
    `-X sasl.password=${options.password}`,
    `-t ${options.topic}`,
    '-P',
  ].join(' ');
}
