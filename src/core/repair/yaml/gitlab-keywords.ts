// The keywords GitLab CI reads, by place (from GitLab's CI/CD YAML reference). Kept as data so the checks
// read like the reference: a key outside these lists is one GitLab rejects.

/** Top-level keys that configure the pipeline; every other top-level key is a job. */
export const GLOBAL_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec', 'types']);

/** Keys a job may have (`type` is read too, as the deprecated spelling of `stage`). */
export const JOB_KEYWORDS = new Set([
  'after_script', 'allow_failure', 'artifacts', 'before_script', 'cache', 'coverage', 'dast_configuration', 'dependencies',
  'environment', 'except', 'extends', 'hooks', 'id_tokens', 'identity', 'image', 'inherit', 'inputs', 'interruptible',
  'manual_confirmation', 'needs', 'only', 'pages', 'parallel', 'publish', 'release', 'resource_group', 'retry', 'rules',
  'run', 'script', 'secrets', 'services', 'stage', 'start_in', 'tags', 'timeout', 'trigger', 'variables', 'when',
]);

/** Keys `default:` may set for every job. */
export const DEFAULT_KEYWORDS = new Set(['after_script', 'artifacts', 'before_script', 'cache', 'hooks', 'id_tokens', 'identity', 'image', 'interruptible', 'retry', 'services', 'tags', 'timeout']);

/** Keys of one `rules:` entry in a job, and in `workflow:`. */
export const RULE_KEYWORDS = new Set(['if', 'changes', 'exists', 'when', 'allow_failure', 'variables', 'needs', 'interruptible', 'start_in']);
export const WORKFLOW_RULE_KEYWORDS = new Set(['if', 'changes', 'exists', 'when', 'variables', 'auto_cancel']);
export const WORKFLOW_KEYWORDS = new Set(['rules', 'name', 'auto_cancel']);

/** Keys of the hash form of `only:` / `except:`. */
export const FILTER_KEYWORDS = new Set(['refs', 'variables', 'changes', 'kubernetes']);

/** Keys of one `include:` entry. */
export const INCLUDE_KEYWORDS = new Set(['local', 'project', 'file', 'ref', 'remote', 'template', 'component', 'artifact', 'job', 'rules', 'inputs', 'integrity', 'cache']);
export const INCLUDE_METHODS = ['local', 'project', 'remote', 'template', 'component', 'artifact'];

/** Values of `when:` (job level and in rules). */
export const WHEN_VALUES = new Set(['on_success', 'on_failure', 'always', 'never', 'manual', 'delayed']);

/** Stages a pipeline has when the file lists none. */
export const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];

/** Report types `artifacts:reports:` knows. */
export const REPORT_KEYWORDS = new Set([
  'accessibility', 'annotations', 'api_fuzzing', 'browser_performance', 'codequality', 'container_scanning', 'coverage_fuzzing',
  'coverage_report', 'cyclonedx', 'dast', 'dependency_scanning', 'dotenv', 'junit', 'license_management', 'license_scanning',
  'load_performance', 'lsif', 'metrics', 'performance', 'repository_xray', 'requirements', 'sast', 'secret_detection', 'terraform',
]);

/** Keys of the mappings under a job's `artifacts:`, `cache:` and `environment:`. */
export const ARTIFACTS_KEYWORDS = new Set(['paths', 'exclude', 'expose_as', 'name', 'untracked', 'when', 'access', 'expire_in', 'reports']);
export const CACHE_KEYWORDS = new Set(['key', 'paths', 'policy', 'unprotect', 'untracked', 'when', 'fallback_keys']);
export const ENVIRONMENT_KEYWORDS = new Set(['name', 'url', 'on_stop', 'action', 'auto_stop_in', 'kubernetes', 'deployment_tier']);
