'use strict';

/**
 * An error answer of the API: `{"error": {"code", "message", "timestamp", "requestId"}}`, with
 * `field` (the request field at fault) and `details` (SECURITY_SCAN_FAILED's findings) when given,
 * and `retryAfter` (seconds) from the Retry-After header.
 */
class AgentLaunchpadError extends Error {
  constructor(message, { code, status, requestId, field, details, retryAfter, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.requestId = requestId;
    this.field = field;
    this.details = details || {};
    this.retryAfter = retryAfter;
  }

  toString() {
    const extra = [];
    if (this.field) extra.push(`field ${this.field}`);
    if (this.requestId) extra.push(`request ${this.requestId}`);
    return `${this.name}: ${this.code}: ${this.message}${extra.length ? ` (${extra.join(', ')})` : ''}`;
  }
}

class InvalidApiKeyError extends AgentLaunchpadError {}
class InsufficientPermissionsError extends AgentLaunchpadError {}
class AgentNotFoundError extends AgentLaunchpadError {}
class NotFoundError extends AgentLaunchpadError {}
class ValidationError extends AgentLaunchpadError {}
class ConflictError extends AgentLaunchpadError {}
class ResourceLimitExceededError extends AgentLaunchpadError {}
class SecurityScanFailedError extends AgentLaunchpadError {
  /** The scan that blocked the deployment. */
  get scanId() { return this.details.scanId; }
  /** Its findings: `{id, kind, severity, summary, package, installedVersion, fixedVersion, …}`. */
  get findings() { return Array.isArray(this.details.findings) ? this.details.findings : []; }
}
class DeploymentFailedError extends AgentLaunchpadError {}
class PayloadTooLargeError extends AgentLaunchpadError {}
class UnsupportedMediaTypeError extends AgentLaunchpadError {}
class MethodNotAllowedError extends AgentLaunchpadError {}
class ServiceUnavailableError extends AgentLaunchpadError {}
class InternalError extends AgentLaunchpadError {}
/** No answer: the connection failed or timed out (code CONNECTION_ERROR or TIMEOUT). */
class APIConnectionError extends AgentLaunchpadError {}
/** waitUntilDeployed ran out of time (code WAIT_TIMEOUT). */
class WaitTimeoutError extends AgentLaunchpadError {}

const ERROR_CLASSES = {
  INVALID_API_KEY: InvalidApiKeyError,
  INSUFFICIENT_PERMISSIONS: InsufficientPermissionsError,
  AGENT_NOT_FOUND: AgentNotFoundError,
  NOT_FOUND: NotFoundError,
  VALIDATION_ERROR: ValidationError,
  CONFLICT: ConflictError,
  RESOURCE_LIMIT_EXCEEDED: ResourceLimitExceededError,
  SECURITY_SCAN_FAILED: SecurityScanFailedError,
  DEPLOYMENT_FAILED: DeploymentFailedError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  UNSUPPORTED_MEDIA_TYPE: UnsupportedMediaTypeError,
  METHOD_NOT_ALLOWED: MethodNotAllowedError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  INTERNAL_ERROR: InternalError,
};

/** The class for an error code (the base class for a code it does not know). */
function errorClassFor(code) {
  return Object.prototype.hasOwnProperty.call(ERROR_CLASSES, code) ? ERROR_CLASSES[code] : AgentLaunchpadError;
}

/** Seconds of a Retry-After header (launchpad sends whole seconds), or undefined. */
function parseRetryAfter(value) {
  if (value == null) return undefined;
  const seconds = Number(String(value).trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * The typed error of an error answer: its envelope's code picks the class. A body that is not the
 * envelope (a proxy's own page) gives the base class with code HTTP_<status>.
 */
function errorFromAnswer(status, headers, text) {
  let envelope;
  try { envelope = text ? JSON.parse(text) : undefined; } catch { envelope = undefined; }
  const error = envelope && typeof envelope === 'object' ? envelope.error : undefined;
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  const requestId = headers.get('x-request-id') || undefined;
  if (!error || typeof error !== 'object' || typeof error.code !== 'string') {
    const message = (text || '').trim().slice(0, 200) || `HTTP ${status}`;
    return new AgentLaunchpadError(message, { code: `HTTP_${status}`, status, requestId, retryAfter });
  }
  const Class = errorClassFor(error.code);
  return new Class(String(error.message ?? ''), {
    code: error.code,
    status,
    requestId: error.requestId || requestId,
    field: error.field,
    details: error.details && typeof error.details === 'object' ? error.details : undefined,
    retryAfter,
  });
}

module.exports = {
  AgentLaunchpadError,
  InvalidApiKeyError,
  InsufficientPermissionsError,
  AgentNotFoundError,
  NotFoundError,
  ValidationError,
  ConflictError,
  ResourceLimitExceededError,
  SecurityScanFailedError,
  DeploymentFailedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  MethodNotAllowedError,
  ServiceUnavailableError,
  InternalError,
  APIConnectionError,
  WaitTimeoutError,
  ERROR_CLASSES,
  errorClassFor,
  errorFromAnswer,
  parseRetryAfter,
};
