// The shape of config/qmoi.json and config/notification.json after defaults are applied.

export interface QmoiConfig {
  hooks: { preCommit: boolean; postCommit: boolean; prePush: boolean };
  repair: { languages: string[]; exclude: string[]; format: boolean; maxFileBytes: number; timeoutMs: number };
  plugins: string[];
  backup: { maxAgeDays: number };
  push: {
    enabled: 'auto' | boolean;
    mode: 'background' | 'foreground';
    remotes: string[];
    maxAttempts: number;
    maxSeconds: number;
    protectedBranches: string[];
    ciSkip: boolean;
    rebase: boolean;
    tokenCommand: string | null;
  };
  ci: { commands: string[]; install: boolean; pushRepairs: boolean; retries: number; author: string | null };
  logs: { dir: string; maxBytes: number; keep: number };
  monitor: { intervalSeconds: number };
}

export type ChannelName = 'console' | 'slack' | 'discord' | 'email';
export type EventName = 'repair' | 'push.success' | 'push.failure' | 'ci' | 'health';

export interface NotificationConfig {
  channels: Record<ChannelName, { enabled: boolean; username?: string; subjectPrefix?: string; requireTLS?: boolean }>;
  events: Record<EventName, ChannelName[]>;
  /** Time limit of one delivery attempt. */
  timeoutMs: number;
  maxAttempts: number;
  /** Time limit of a whole notification, retries and rate-limit waits included. */
  totalTimeoutMs: number;
}

/** Defaults for every key; config files override them key by key. */
export const DEFAULT_CONFIG: QmoiConfig = {
  hooks: { preCommit: true, postCommit: true, prePush: true },
  repair: { languages: ['json', 'yaml', 'js', 'ts'], exclude: [], format: false, maxFileBytes: 2 * 1024 * 1024, timeoutMs: 5000 },
  plugins: [],
  backup: { maxAgeDays: 30 },
  push: {
    enabled: 'auto',
    mode: 'background',
    remotes: [],
    maxAttempts: 5,
    maxSeconds: 60,
    protectedBranches: [],
    ciSkip: false,
    rebase: true,
    tokenCommand: null,
  },
  ci: { commands: [], install: true, pushRepairs: true, retries: 2, author: null },
  logs: { dir: 'logs', maxBytes: 1024 * 1024, keep: 3 },
  monitor: { intervalSeconds: 60 },
};

export const DEFAULT_NOTIFICATION: NotificationConfig = {
  // Every optional key needs a default here: loading keeps only the keys the defaults have.
  channels: {
    console: { enabled: true },
    slack: { enabled: false, username: '' },
    discord: { enabled: false, username: '' },
    email: { enabled: false, subjectPrefix: '[qmoi-hooks]', requireTLS: false },
  },
  events: {
    repair: ['console'],
    'push.success': ['console'],
    'push.failure': ['console', 'slack', 'discord', 'email'],
    ci: ['console', 'slack', 'discord'],
    health: ['console', 'slack', 'discord', 'email'],
  },
  timeoutMs: 10000,
  maxAttempts: 3,
  totalTimeoutMs: 30000,
};
