// Type-checks one project: the root tsconfig.json's files under the given folder (and what they
// import), reporting errors in that project's files only, so a broken library fails its own
// `typecheck` target and not every project's. `npm run typecheck` still checks the whole workspace.
import * as path from 'node:path';
import ts from 'typescript';

const workspaceRoot = path.resolve(__dirname, '..', '..');
const projectRoot = process.argv[2];
if (!projectRoot) {
  console.error('Usage: typecheck-project <project root>');
  process.exit(2);
}
const projectDir = path.resolve(workspaceRoot, projectRoot) + path.sep;

const config = ts.getParsedCommandLineOfConfigFile(path.join(workspaceRoot, 'tsconfig.json'), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
});
if (!config) throw new Error('Could not read tsconfig.json');

const isProjectFile = (file: string) => path.resolve(file).startsWith(projectDir);
const projectFiles = config.fileNames.filter(isProjectFile);
// Ambient declarations anywhere in the workspace stay visible, as in the whole-workspace check.
const rootNames = [...projectFiles, ...config.fileNames.filter((file) => file.endsWith('.d.ts') && !isProjectFile(file))];
const program = ts.createProgram({ rootNames, options: config.options, projectReferences: config.projectReferences });

const diagnostics = [
  ...config.errors,
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...projectFiles.flatMap((file) => {
    const sourceFile = program.getSourceFile(file);
    return sourceFile ? [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)] : [];
  }),
];
const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
if (errors.length > 0) {
  process.stderr.write(ts.formatDiagnostics(errors, { getCanonicalFileName: (file) => file, getCurrentDirectory: () => workspaceRoot, getNewLine: () => '\n' }));
  console.error(`${errors.length} type error(s) in ${projectRoot}`);
  process.exit(1);
}
console.log(`${projectRoot}: ${projectFiles.length} files type-check`);
