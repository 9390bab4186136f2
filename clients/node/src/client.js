'use strict';

const { ConflictError, DeploymentFailedError, WaitTimeoutError } = require('./errors');
const { Transport, segment, sleep } = require('./transport');
const { LogStream } = require('./sse');

/** POST /api/auth/generate-key (ADMIN). */
class Keys {
  constructor(transport) { this.transport = transport; }

  /** A new key, and its user on first use: `{apiKey, keyId, expiresAt}`; the key is shown once. */
  generate({ username, email, role = 'USER', expiresInDays } = {}) {
    return this.transport.send({ method: 'POST', path: '/api/auth/generate-key', body: { username, email, role, expiresInDays } });
  }
}

/** /api/users/profile: the caller's own profile. */
class Users {
  constructor(transport) { this.transport = transport; }

  getProfile() { return this.transport.send({ method: 'GET', path: '/api/users/profile' }); }

  /** `{email?, notifications?: {email, slack}}`. */
  updateProfile(changes) { return this.transport.send({ method: 'PUT', path: '/api/users/profile', body: changes }); }
}

/** /api/agents: create, read, change, scale, restart and delete agents; their logs and metrics. */
class Agents {
  constructor(transport) { this.transport = transport; }

  /** POST /api/agents with the API's own fields (agentName, description, personality, …): the agent, QUEUED. */
  create(agent) { return this.transport.send({ method: 'POST', path: '/api/agents', body: agent }); }

  /** One page `{agents, total, limit, offset}`, newest first; `listAll` walks every page. */
  list({ limit, offset, status, owner } = {}) {
    return this.transport.send({ method: 'GET', path: '/api/agents', query: { limit, offset, status, owner } });
  }

  /** Every agent, page after page, each once even when agents come and go meanwhile. */
  async *listAll({ status, owner, pageSize = 100 } = {}) {
    const seen = new Set();
    let offset = 0;
    for (;;) {
      const page = await this.list({ limit: pageSize, offset, status, owner });
      const agents = Array.isArray(page.agents) ? page.agents : [];
      for (const agent of agents) {
        if (seen.has(agent.agentId)) continue;
        seen.add(agent.agentId);
        yield agent;
      }
      offset += agents.length;
      if (agents.length < pageSize || offset >= (page.total ?? 0)) return;
    }
  }

  get(agentId) { return this.transport.send({ method: 'GET', path: `/api/agents/${segment(agentId)}` }); }

  /** GET /api/agents/{agentId}/status: status and health as the runtime sees them. */
  getStatus(agentId) { return this.transport.send({ method: 'GET', path: `/api/agents/${segment(agentId)}/status` }); }

  /** PUT /api/agents/{agentId}: a partial update (at least one field); the agent after it. */
  update(agentId, changes) { return this.transport.send({ method: 'PUT', path: `/api/agents/${segment(agentId)}`, body: changes }); }

  scale(agentId, replicas) {
    return this.transport.send({ method: 'POST', path: `/api/agents/${segment(agentId)}/scale`, body: { replicas } });
  }

  restart(agentId) { return this.transport.send({ method: 'POST', path: `/api/agents/${segment(agentId)}/restart` }); }

  /** The agent, DELETING; its processes and record go soon after. */
  delete(agentId) { return this.transport.send({ method: 'DELETE', path: `/api/agents/${segment(agentId)}` }); }

  /** A page of log lines `{agentId, logs, totalLines, truncated}`; `since` is an ISO time or an age ("30m"). */
  getLogs(agentId, { lines, since } = {}) {
    return this.transport.send({ method: 'GET', path: `/api/agents/${segment(agentId)}/logs`, query: { lines, since } });
  }

  /** follow=true: the last `lines` (or those after `lastEventId`), then each new line, as an async iterator. */
  followLogs(agentId, options = {}) { return new LogStream(this.transport, agentId, options); }

  /** CPU, memory, network and requests; with `window` ("15m") the samples since then as `history`. */
  getMetrics(agentId, { window } = {}) {
    return this.transport.send({ method: 'GET', path: `/api/agents/${segment(agentId)}/metrics`, query: { window } });
  }

  /** The agent's security scans, newest first: `{scans, total}`. */
  listScans(agentId, { limit } = {}) {
    return this.transport.send({ method: 'GET', path: `/api/agents/${segment(agentId)}/scans`, query: { limit } });
  }

  /**
   * Polls the status until DEPLOYED and returns it. Throws DeploymentFailedError when the agent
   * becomes FAILED, ConflictError when it is being deleted, WaitTimeoutError after `timeout` ms.
   */
  async waitUntilDeployed(agentId, options = {}) {
    const { timeout = 300000, interval = 1000 } = typeof options === 'number' ? { timeout: options } : options;
    const deadline = Date.now() + timeout;
    for (;;) {
      const report = await this.getStatus(agentId);
      if (report.status === 'DEPLOYED') return report;
      if (report.status === 'FAILED') {
        throw new DeploymentFailedError(`Agent ${agentId} failed: ${report.reason || 'the agent failed'}`, { code: 'DEPLOYMENT_FAILED' });
      }
      if (report.status === 'DELETING') throw new ConflictError(`Agent ${agentId} is being deleted`, { code: 'CONFLICT' });
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new WaitTimeoutError(`Agent ${agentId} was not DEPLOYED within ${timeout} ms (last status ${report.status})`, { code: 'WAIT_TIMEOUT' });
      }
      await sleep(Math.min(interval, left));
    }
  }

  // Pause, resume, invocation and sessions are added here as the server gains their routes.
}

/** /api/security: scans and security events. */
class Security {
  constructor(transport) { this.transport = transport; }

  /** POST /api/security/scan/{agentId}: scans the agent now; the scan, COMPLETED. */
  scan(agentId) { return this.transport.send({ method: 'POST', path: `/api/security/scan/${segment(agentId)}` }); }

  getScan(scanId) { return this.transport.send({ method: 'GET', path: `/api/security/scans/${segment(scanId)}` }); }

  /** Newest first: `{events, total}`; severity LOW, MEDIUM, HIGH or CRITICAL. */
  listEvents({ limit, severity, since } = {}) {
    return this.transport.send({ method: 'GET', path: '/api/security/events', query: { limit, severity, since } });
  }
}

/** /api/health and /api/system/metrics. */
class System {
  constructor(transport) { this.transport = transport; }

  /** The health report: status, timestamp and version; everything with a key. */
  getHealth() {
    return this.transport.send({ method: 'GET', path: '/api/health', authenticated: Boolean(this.transport.apiKey) });
  }

  /** Agents by status, deployments and the host's resources (ADMIN). */
  getMetrics() { return this.transport.send({ method: 'GET', path: '/api/system/metrics' }); }
}

/**
 * The Agent Launchpad API:
 *
 *   const client = new AgentLaunchpadClient({ apiKey: 'alk_…', baseUrl: 'http://127.0.0.1:8080' });
 *   const agent = await client.agents.create({ agentName: 'my-bot', personality: { bio: ['…'] } });
 *   const status = await client.agents.getStatus(agent.agentId);
 *
 * Options: `timeout` (ms per call, 30000), `streamIdleTimeout` (ms of silence before a followed
 * log is reopened, 30000), `maxRetries` (3), `maxRetryAfter` (s, 60), `backoff` (ms, 500),
 * `maxBackoff` (ms, 8000), `fetch` (another fetch).
 */
class AgentLaunchpadClient {
  constructor(options = {}) {
    const transport = new Transport(options);
    Object.defineProperty(this, 'transport', { value: transport, enumerable: false });
    this.keys = new Keys(transport);
    this.users = new Users(transport);
    this.agents = new Agents(transport);
    this.security = new Security(transport);
    this.system = new System(transport);
  }

  /** The rate-limit headers of the last answer that carried them: `{limit, remaining, reset}`. */
  get rateLimit() { return this.transport.rateLimit; }

  /** X-Request-Id of the last answer. */
  get lastRequestId() { return this.transport.lastRequestId; }
}

module.exports = { AgentLaunchpadClient, Agents, Keys, Users, Security, System };
