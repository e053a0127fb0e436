// .gitlab-ci.yml repairer (first cut: YAML validation; GitLab checks land with the repair engine).
import { yamlRepairer } from './yaml.js';
import type { Repairer } from './types.js';

/** Handles .gitlab-ci.yml files. */
export const gitlabCiRepairer: Repairer = { ...yamlRepairer, matches: (f) => /\.gitlab-ci\.ya?ml$/i.test(f) };
