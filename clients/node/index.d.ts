// Type declarations of @agent-launchpad/sdk (written by hand; the shapes are openapi.yaml's).

export interface ClientOptions {
  /** An API key (`alk_…`): sent as X-API-Key. Only GET /api/health works without one. */
  apiKey?: string;
  /** The server, e.g. `http://127.0.0.1:8080` (the default). */
  baseUrl?: string;
  /** Milliseconds per call (30000). */
  timeout?: number;
  /** Milliseconds of silence before a followed log counts as dropped and is reopened (30000). */
  streamIdleTimeout?: number;
  /** Retries per call: 429 with Retry-After, and for idempotent calls 503 and connection failures (3). */
  maxRetries?: number;
  /** A Retry-After above this many seconds is not waited for (60). */
  maxRetryAfter?: number;
  /** First wait after a connection failure or 503 without Retry-After, in ms, doubling (500). */
  backoff?: number;
  /** Longest such wait, in ms (8000). */
  maxBackoff?: number;
  /** Another fetch (the global one by default). */
  fetch?: typeof fetch;
}

export interface RateLimit {
  limit: number;
  remaining: number;
  /** When the budget is whole again, in seconds since 1970. */
  reset: number;
}

export type AgentStatus = 'QUEUED' | 'DEPLOYING' | 'DEPLOYED' | 'SCALING' | 'RESTARTING' | 'DELETING' | 'FAILED';
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type HealthStatus = 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY';
export type Role = 'USER' | 'ADMIN';

export interface Personality {
  system?: string;
  bio?: string[];
  adjectives?: string[];
  topics?: string[];
}

export interface ResourcesInput {
  /** A Kubernetes quantity: 64Mi to 16Gi. */
  memory?: string;
  /** A Kubernetes quantity: 50m to 8. */
  cpu?: string;
  replicas?: number;
}

export interface PlatformsInput {
  discord?: { token: string; applicationId?: string; guildId?: string };
  telegram?: { token: string };
  twitter?: { username: string; apiKey: string; apiSecret: string; accessToken: string; accessTokenSecret: string };
  slack?: { token: string; signingSecret: string; appId?: string };
}

export interface PackageLock {
  lockfileVersion: 2 | 3;
  packages: Record<string, { name?: string | null; version?: string | null; link?: boolean | null }>;
}

export interface CreateAgentRequest {
  agentName: string;
  description?: string;
  /** Needs a `bio` line or a `system` prompt. */
  personality?: Personality;
  selectedPlugins?: string[];
  resources?: ResourcesInput;
  platforms?: PlatformsInput;
  packageLock?: PackageLock;
}

export type UpdateAgentRequest = Partial<Omit<CreateAgentRequest, 'agentName'>>;

export interface CreateAgentResponse {
  agentId: string;
  status: AgentStatus;
  createdAt: string;
  estimatedDeployTime: string;
}

export interface AgentSummary {
  agentId: string;
  name: string;
  status: AgentStatus;
  owner: string;
  createdAt: string;
  url: string;
}

export interface AgentList {
  agents: AgentSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface Transition {
  status: AgentStatus;
  at: string;
  reason?: string;
}

export interface AgentDetails {
  agentId: string;
  name: string;
  description: string;
  owner: string;
  status: AgentStatus;
  reason?: string;
  personality: Required<Pick<Personality, 'bio' | 'adjectives' | 'topics'>> & Pick<Personality, 'system'>;
  selectedPlugins: string[];
  resources: { memory: string; cpu: string; replicas: number };
  /** Secrets shown as `***`. */
  platforms: Record<string, Record<string, string>>;
  url: string;
  generation: number;
  createdAt: string;
  updatedAt: string;
  deployedAt?: string;
  transitions: Transition[];
}

export interface AgentStatusReport {
  agentId: string;
  status: AgentStatus;
  reason?: string;
  url: string;
  health: {
    overall: HealthStatus;
    kubernetes: { status: HealthStatus; replicas: number; readyReplicas: number };
    application: { status: 'HEALTHY' | 'STOPPED' | 'UNHEALTHY'; uptime?: string; responseTime?: string };
  };
  deployedAt?: string;
  lastUpdated: string;
}

export interface ScaleAgentResponse {
  agentId: string;
  currentReplicas: number;
  targetReplicas: number;
  status: AgentStatus;
  updatedAt: string;
}

export interface AgentActionResponse {
  agentId: string;
  status: AgentStatus;
  message: string;
  timestamp: string;
}

export interface LogEntry {
  timestamp: string;
  level: string;
  message: string;
  pod: string;
}

export interface AgentLogPage {
  agentId: string;
  logs: LogEntry[];
  totalLines: number;
  truncated: boolean;
}

export interface Usage {
  usage: number;
  limit: number;
  percentage: number;
}

export interface AgentMetricsReport {
  agentId: string;
  metrics: {
    cpu: Usage;
    memory: Usage;
    network: { bytesIn: number; bytesOut: number };
    requests: { total: number; success: number; errors: number; rate: number };
  };
  timestamp: string;
  history?: { timestamp: string; cpu?: number; memory: number }[];
}

export interface Finding {
  id: string;
  kind: 'VULNERABILITY' | 'CONFIGURATION';
  severity: Severity;
  summary: string;
  package?: string;
  installedVersion?: string;
  fixedVersion?: string;
  aliases?: string[];
  source: 'plugin' | 'lockfile' | 'configuration';
  field?: string;
}

export interface Scan {
  agentId: string;
  scanId: string;
  status: 'COMPLETED';
  results: {
    passed: boolean;
    vulnerabilities: { critical: number; high: number; medium: number; low: number };
    recommendations: string[];
  };
  scannedAt: string;
  findings: Finding[];
}

export interface ScanList {
  scans: Scan[];
  total: number;
}

export interface SecurityEvent {
  id: string;
  type: string;
  severity: Severity;
  agentId?: string;
  message: string;
  timestamp: string;
  details: Record<string, string>;
}

export interface SecurityEventPage {
  events: SecurityEvent[];
  total: number;
}

export interface HealthReport {
  status: HealthStatus;
  timestamp: string;
  version: string;
  uptimeSeconds?: number;
  components?: Record<string, { status: HealthStatus; [field: string]: unknown }>;
}

export interface SystemMetricsReport {
  system: {
    totalAgents: number;
    runningAgents: number;
    failedAgents: number;
    agentsByStatus: Partial<Record<AgentStatus, number>>;
    deployments: { successful: number; failed: number; successRate: number };
  };
  resources: {
    cpu: { total: number; used: number; percentage: number };
    memory: { total: number; used: number; percentage: number };
    storage: { total: number; used: number; percentage: number };
  };
  timestamp: string;
}

export interface GenerateKeyRequest {
  username: string;
  email: string;
  role?: Role;
  expiresInDays?: number;
}

export interface IssuedKey {
  apiKey: string;
  keyId: string;
  expiresAt: string;
}

export interface NotificationSettings {
  email: boolean;
  slack: boolean;
}

export interface UserProfile {
  userId: string;
  username: string;
  email: string;
  role: Role;
  createdAt: string;
  lastLogin?: string;
  permissions: string[];
  notifications: NotificationSettings;
}

export interface FollowLogsOptions {
  /** How many of the last lines to start with (server default 100). */
  lines?: number;
  /** An ISO 8601 time or an age ("30m"). */
  since?: string;
  /** Resume after this event id (a stream's `lastEventId`). */
  lastEventId?: string;
  /** Drops in a row, with no line between, before giving up (5). */
  maxReconnects?: number;
}

/** A followed log: `for await (const entry of stream)`; reopened with Last-Event-ID after a drop. */
export declare class LogStream implements AsyncIterableIterator<LogEntry> {
  /** The id of the last line delivered. */
  readonly lastEventId: string | undefined;
  next(): Promise<IteratorResult<LogEntry>>;
  return(): Promise<IteratorResult<LogEntry>>;
  [Symbol.asyncIterator](): LogStream;
  close(): Promise<void>;
}

export declare class Keys {
  generate(request: GenerateKeyRequest): Promise<IssuedKey>;
}

export declare class Users {
  getProfile(): Promise<UserProfile>;
  updateProfile(changes: { email?: string; notifications?: NotificationSettings }): Promise<UserProfile>;
}

export declare class Agents {
  create(agent: CreateAgentRequest): Promise<CreateAgentResponse>;
  list(query?: { limit?: number; offset?: number; status?: AgentStatus | string; owner?: string }): Promise<AgentList>;
  listAll(query?: { status?: AgentStatus | string; owner?: string; pageSize?: number }): AsyncGenerator<AgentSummary, void, undefined>;
  get(agentId: string): Promise<AgentDetails>;
  getStatus(agentId: string): Promise<AgentStatusReport>;
  update(agentId: string, changes: UpdateAgentRequest): Promise<AgentDetails>;
  scale(agentId: string, replicas: number): Promise<ScaleAgentResponse>;
  restart(agentId: string): Promise<AgentActionResponse>;
  delete(agentId: string): Promise<AgentActionResponse>;
  getLogs(agentId: string, query?: { lines?: number; since?: string }): Promise<AgentLogPage>;
  followLogs(agentId: string, options?: FollowLogsOptions): LogStream;
  getMetrics(agentId: string, query?: { window?: string }): Promise<AgentMetricsReport>;
  listScans(agentId: string, query?: { limit?: number }): Promise<ScanList>;
  /** `timeout` and `interval` in ms (300000, 1000); a number is the timeout. */
  waitUntilDeployed(agentId: string, options?: number | { timeout?: number; interval?: number }): Promise<AgentStatusReport>;
}

export declare class Security {
  scan(agentId: string): Promise<Scan>;
  getScan(scanId: string): Promise<Scan>;
  listEvents(query?: { limit?: number; severity?: Severity | string; since?: string }): Promise<SecurityEventPage>;
}

export declare class System {
  getHealth(): Promise<HealthReport>;
  getMetrics(): Promise<SystemMetricsReport>;
}

export declare class AgentLaunchpadClient {
  constructor(options?: ClientOptions);
  readonly keys: Keys;
  readonly users: Users;
  readonly agents: Agents;
  readonly security: Security;
  readonly system: System;
  /** The rate-limit headers of the last answer that carried them. */
  readonly rateLimit: RateLimit | undefined;
  /** X-Request-Id of the last answer. */
  readonly lastRequestId: string | undefined;
}

export interface ErrorOptions {
  code: string;
  status?: number;
  requestId?: string;
  field?: string;
  details?: Record<string, unknown>;
  retryAfter?: number;
  cause?: unknown;
}

/** An error answer of the API, or a failure to get one (APIConnectionError). */
export declare class AgentLaunchpadError extends Error {
  constructor(message: string, options: ErrorOptions);
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  /** The request field at fault (`resources.memory`, `query.limit`). */
  readonly field: string | undefined;
  readonly details: Record<string, unknown>;
  /** Retry-After, in seconds. */
  readonly retryAfter: number | undefined;
}
export declare class InvalidApiKeyError extends AgentLaunchpadError {}
export declare class InsufficientPermissionsError extends AgentLaunchpadError {}
export declare class AgentNotFoundError extends AgentLaunchpadError {}
export declare class NotFoundError extends AgentLaunchpadError {}
export declare class ValidationError extends AgentLaunchpadError {}
export declare class ConflictError extends AgentLaunchpadError {}
export declare class ResourceLimitExceededError extends AgentLaunchpadError {}
export declare class SecurityScanFailedError extends AgentLaunchpadError {
  readonly scanId: string | undefined;
  readonly findings: Finding[];
}
export declare class DeploymentFailedError extends AgentLaunchpadError {}
export declare class PayloadTooLargeError extends AgentLaunchpadError {}
export declare class UnsupportedMediaTypeError extends AgentLaunchpadError {}
export declare class MethodNotAllowedError extends AgentLaunchpadError {}
export declare class ServiceUnavailableError extends AgentLaunchpadError {}
export declare class InternalError extends AgentLaunchpadError {}
export declare class APIConnectionError extends AgentLaunchpadError {}
export declare class WaitTimeoutError extends AgentLaunchpadError {}
