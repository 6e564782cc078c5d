/**
 * Vocabulary the generator composes names and text from. No entry may contain
 * `#`, a closing keyword followed by a reference, or a URL: prose must never
 * create a reference by accident, or the ground truth would be wrong.
 */

export const ORGS = [
  'opentensor', 'BitMind-AI', 'RogueTensor', 'macrocosm-os', 'taoshi-tech', 'Datura-ai', 'tplr-ai', 'omegalabsinc',
  'NousResearch', 'manifold-inc', 'backend-developers-ltd', 'It-s-AI', 'Barbariandev', 'namoray', 'afterpartyai',
  'Team-Rizzo', 'SWE-agent', 'Nickel5-Inc', 'PlatformNetwork', 'GraphiteAI', 'corcel-api', 'impel-intelligence',
  'dojo-network', 'latent-to', 'ridges-ai', 'score-technologies', 'ChutesAI', 'sportstensor', 'masa-finance', 'Swap-Subnet',
] as const;

export const PROJECTS = [
  'subnet', 'validator', 'miner', 'sdk', 'bittensor-cli', 'dashboard', 'api-gateway', 'indexer', 'scoring', 'web',
  'docs', 'contracts', 'agents', 'inference', 'datasets', 'Trainer', 'Orchestrator', 'telemetry', 'explorer', 'wallet',
  'chain-utils', 'benchmarks', 'proxy', 'scheduler', 'storage-node', 'Frontend', 'evaluator', 'registry', 'relay', 'harness',
] as const;

/** Repositories the bodies may reference that the simulator does not serve. */
export const EXTERNAL_REPOS = [
  'nodejs/node', 'python/cpython', 'rust-lang/rust', 'torvalds/linux', 'microsoft/TypeScript', 'facebook/react',
  'pytorch/pytorch', 'huggingface/transformers', 'opentensor/bittensor-legacy', 'vitest-dev/vitest',
] as const;

export const LANGUAGES = ['Python', 'TypeScript', 'Rust', 'Go', 'JavaScript', 'Python', 'Python', 'C++'] as const;

export const FIRST_NAMES = [
  'alex', 'sam', 'kim', 'lee', 'jordan', 'morgan', 'taylor', 'casey', 'riley', 'quinn', 'avery', 'drew', 'jamie',
  'robin', 'sasha', 'nikita', 'yuki', 'mei', 'ravi', 'arjun', 'omar', 'lena', 'ivan', 'olga', 'pablo', 'lucia',
  'chen', 'wei', 'hana', 'jin', 'ana', 'marco', 'elena', 'tariq', 'fatima', 'kofi', 'ada', 'noor', 'emil', 'ines',
] as const;

// GitHub logins are letters, digits and single hyphens: no underscores.
export const LOGIN_SUFFIXES = ['', 'dev', 'codes', '-oss', '42', 'x', '-ai', 'hq', '007', '-tao', 'sn74', 'bt', '-gh'] as const;

export const BOTS = ['dependabot[bot]', 'renovate[bot]', 'github-actions[bot]', 'pre-commit-ci[bot]'] as const;

export const BRANCHES = ['develop', 'staging', 'release/1.x', 'test', 'next', 'v2'] as const;

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
  isDefault: boolean;
}

export const LABELS: readonly LabelSpec[] = [
  { name: 'bug', color: 'd73a4a', description: "Something isn't working", isDefault: true },
  { name: 'enhancement', color: 'a2eeef', description: 'New feature or request', isDefault: true },
  { name: 'documentation', color: '0075ca', description: 'Improvements or additions to documentation', isDefault: true },
  { name: 'duplicate', color: 'cfd3d7', description: 'This issue or pull request already exists', isDefault: true },
  { name: 'good first issue', color: '7057ff', description: 'Good for newcomers', isDefault: true },
  { name: 'help wanted', color: '008672', description: 'Extra attention is needed', isDefault: true },
  { name: 'invalid', color: 'e4e669', description: "This doesn't seem right", isDefault: true },
  { name: 'question', color: 'd876e3', description: 'Further information is requested', isDefault: true },
  { name: 'wontfix', color: 'ffffff', description: 'This will not be worked on', isDefault: true },
  { name: 'refactor', color: 'fbca04', description: 'Code change that neither adds a feature nor repairs a defect', isDefault: false },
  { name: 'feature', color: '0e8a16', description: 'A new capability', isDefault: false },
  { name: 'priority: high', color: 'b60205', description: 'Needs attention this week', isDefault: false },
  { name: 'priority: low', color: 'c5def5', description: '', isDefault: false },
  { name: 'area/validator', color: '1d76db', description: 'Validator code paths', isDefault: false },
  { name: 'area/miner', color: '5319e7', description: 'Miner code paths', isDefault: false },
  { name: 'needs-triage', color: 'ededed', description: 'Not yet looked at by a maintainer', isDefault: false },
  { name: 'security', color: 'ee0701', description: 'Security relevant', isDefault: false },
  { name: 'performance', color: 'f9d0c4', description: 'Speed or memory', isDefault: false },
  { name: 'dependencies', color: '0366d6', description: 'Pull requests that update a dependency file', isDefault: false },
  { name: 'breaking-change', color: 'e11d21', description: 'Requires a major version bump', isDefault: false },
  { name: 'tests', color: 'bfdadc', description: 'Test suite work', isDefault: false },
  { name: 'ci', color: '000000', description: 'Continuous integration', isDefault: false },
];

export const COMPONENTS = [
  'the scoring loop', 'the weight setter', 'the metagraph sync', 'the CLI', 'the dendrite client', 'the axon server',
  'the reward model', 'the config loader', 'the cache layer', 'the retry policy', 'the websocket reconnect',
  'the wallet loader', 'the dataset sampler', 'the emission calculator', 'the docs build', 'the Docker image',
  'the PR fetcher', 'the rate limiter', 'the logging setup', 'the migrations', 'the health check', 'the queue worker',
] as const;

export const SYMPTOMS = [
  'crashes on startup', 'leaks memory over a few hours', 'times out under load', 'returns stale data',
  'ignores the timeout setting', 'double counts merged pull requests', 'drops the last page of results',
  'fails on Python 3.12', 'logs the token in debug mode', 'hangs when the chain is unreachable',
  'misreads UTF-8 titles', 'rejects valid hotkeys', 'spins at full CPU when idle', 'miscalculates the decay',
] as const;

export const VERBS = ['Handle', 'Fix up', 'Refactor', 'Speed up', 'Document', 'Harden', 'Simplify', 'Add tests for', 'Rework', 'Clean up'] as const;

export const TITLE_PREFIXES = ['', '', '', 'feat: ', 'chore: ', 'refactor: ', 'docs: ', 'perf: ', '[WIP] ', 'test: '] as const;

export const SENTENCES = [
  'This happens on every restart of the validator.',
  'I could reproduce it on two machines with a clean virtualenv.',
  'The behaviour started after the last release.',
  'It looks like the retry loop never backs off.',
  'Memory grows steadily until the process is killed by the OOM killer.',
  'The logs show no error, only a silent exit.',
  'We should keep the public interface unchanged.',
  'The change is small and keeps backwards compatibility.',
  'Benchmarks show roughly a third less time per epoch.',
  'The new code path is covered by unit tests.',
  'Nothing changes for miners that already run the latest version.',
  'Reviewers may want to look at the error handling first.',
  'Thanks to everyone who reported this on Discord.',
  'The previous approach held a lock for too long.',
  'I kept the commits small so the history is easy to follow.',
  'This is only the first step; a follow-up will clean up the old path.',
  'Déjà vu: the same race shows up on ARM runners — 日本語のタイトルも壊れます.',
  'Emoji in titles 🚀 used to break the table renderer.',
] as const;

export const CHECKLIST = [
  'I have read the contributing guide',
  'Tests pass locally',
  'I added tests that prove the change works',
  'Documentation is updated',
  'The change is backwards compatible',
  'I ran the linter',
] as const;

export const CODE_SNIPPETS = [
  'Traceback (most recent call last):\n  File "neurons/validator.py", line 88, in forward\n    scores = self.score(responses)\nKeyError: \'uid\'',
  '$ btcli wallet overview --wallet.name default\nError: could not connect to the chain endpoint',
  'def backoff(attempt: int) -> float:\n    return min(60.0, 2 ** attempt)',
  'const page = await fetchPage(cursor);\nif (!page.ok) throw new Error(page.status);',
  'RUST_LOG=debug cargo run --release -- --netuid 74',
] as const;

export const LINKS = [
  '[the docs](https://docs.example.org/guide)',
  '[this discussion](https://forum.example.org/t/scoring-changes/812)',
  '<https://status.example.org>',
  '[benchmark results](https://bench.example.org/runs/2291)',
] as const;
