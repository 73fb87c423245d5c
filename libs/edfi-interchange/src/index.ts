export { ContractMappings, resourceNameOf } from './contract-mappings';
export type { EnvelopeLine, InterchangeItem, MalformedInput, MappedRecord, SkippedElement, SourceLocation } from './interchange-item';
export { interchangeFormatOf, listInterchangeFiles, readInterchangeFile, type InterchangeFileList, type InterchangeFormat } from './read-interchange-file';
export type { ReadOptions } from './read-options';
