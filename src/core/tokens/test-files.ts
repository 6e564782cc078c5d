/**
 * Test-file detection by path, as the validator's `FileChange.is_test_file`
 * (`gittensor/classes.py` in `entrius/gittensor`): a test directory anywhere in
 * the path, or a test-looking basename. Case-insensitive.
 */

const TEST_DIRECTORY_PATTERNS: readonly RegExp[] = [
  /(^|\/)tests?\//,
  /(^|\/)__tests?__\//,
  /(^|\/)androidtest[a-z]*\//,
  /(^|\/)integrationtest\//,
  /(^|\/)spec\//,
  /\.tests?\//, // .NET: MyProject.Tests/FooTests.cs
];

const TEST_BASENAME_PATTERNS: readonly RegExp[] = [
  /^test_/,
  /^spec_/,
  /_test\.[^.]+$/,
  /_tests\.[^.]+$/,
  /_spec\.[^.]+$/,
  /\.test\.[^.]+$/,
  /\.tests\.[^.]+$/,
  /\.spec\.[^.]+$/,
  /^test\.[^.]+$/,
  /^tests\.[^.]+$/,
  /^conftest\.py$/,
];

export function isTestFile(path: string): boolean {
  const lower = path.toLowerCase();
  if (TEST_DIRECTORY_PATTERNS.some((p) => p.test(lower))) return true;
  const basename = lower.slice(lower.lastIndexOf('/') + 1);
  return TEST_BASENAME_PATTERNS.some((p) => p.test(basename));
}
