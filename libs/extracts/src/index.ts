export {
  EXTRACT_REQUEST_SCHEMA,
  PROJECT_SUBMISSION_SCHEMA,
  parseExtractSpecification,
  parseProjectSubmission,
  elementRefOf,
  type ExtractSpecification,
  type ProjectSubmission,
  type RequestedCohort,
  type TableRequest,
} from './extract-specification';
export { ResearchProjects, type ResearchProject } from './research-projects';
export { ExtractRequests, type ExtractRequest, type ExtractReview, type ExtractStatus, type AgreementDates } from './extract-requests';
export { DISCLOSURE_SETTINGS, type DisclosureSettings } from './disclosure-settings';
export {
  ExtractBuilder,
  type BuildJob,
  type ExtractBuilderOptions,
  type PackageManifest,
  type PackageSigner,
  releasedStudentsFile,
  MANIFEST,
  MANIFEST_SIGNATURE,
  PACKAGE_FORMAT,
} from './extract-builder';
export { ExtractBuildWorker, type BuildWorkerOptions } from './extract-build-worker';
export { verifyPackage, type PackageVerification } from './package/package-verifier';
export { tarDirectory } from './package/tar';
export { assertEncryptableTo, envelopedFor } from './package/envelope';
