// What install and uninstall report: one action per thing they touched.

/** One change (or deliberate non-change) made by install or uninstall. */
export interface InstallAction {
  kind: 'hooksPath' | 'hook' | 'runner' | 'husky' | 'script' | 'config' | 'logs' | 'ci' | 'package.json';
  target: string;
  detail: string;
}
