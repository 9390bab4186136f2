'use strict';

const { AgentLaunchpadClient } = require('./client');
const { LogStream } = require('./sse');
const errors = require('./errors');

module.exports = {
  AgentLaunchpadClient,
  LogStream,
  AgentLaunchpadError: errors.AgentLaunchpadError,
  InvalidApiKeyError: errors.InvalidApiKeyError,
  InsufficientPermissionsError: errors.InsufficientPermissionsError,
  AgentNotFoundError: errors.AgentNotFoundError,
  NotFoundError: errors.NotFoundError,
  ValidationError: errors.ValidationError,
  ConflictError: errors.ConflictError,
  ResourceLimitExceededError: errors.ResourceLimitExceededError,
  SecurityScanFailedError: errors.SecurityScanFailedError,
  DeploymentFailedError: errors.DeploymentFailedError,
  PayloadTooLargeError: errors.PayloadTooLargeError,
  UnsupportedMediaTypeError: errors.UnsupportedMediaTypeError,
  MethodNotAllowedError: errors.MethodNotAllowedError,
  ServiceUnavailableError: errors.ServiceUnavailableError,
  InternalError: errors.InternalError,
  APIConnectionError: errors.APIConnectionError,
  WaitTimeoutError: errors.WaitTimeoutError,
};
