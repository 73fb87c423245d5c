export * from './hub-topics';
export * from './ingest-batch-processor';
export * from './record-store';
export * from './ingest-pipeline';
export * from './dead-letter-publisher';
export * from './record-publisher';
export * from './ingestion-report';
export * from './reject-replayer';
