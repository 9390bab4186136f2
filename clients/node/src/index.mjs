// The ESM entry: the same classes as the CommonJS one (one implementation, so instanceof agrees).
import sdk from './index.js';

export const {
  AgentLaunchpadClient,
  LogStream,
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
} = sdk;
export default sdk;
