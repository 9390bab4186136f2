-- wrk script for make bench: POST /api/agents with a new name each time (replicas 0: records only).
-- Each wrk thread has its own Lua state; setup gives each a distinct tag so names never collide.
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("tag", string.format("%d-%d", os.time(), threads))
end

local key = os.getenv("BENCH_KEY")
local counter = 0

request = function()
    counter = counter + 1
    local body = string.format('{"agentName":"bench-%s-%d","personality":{"bio":["A benchmark agent."]},"resources":{"replicas":0}}', tag, counter)
    return wrk.format("POST", "/api/agents", { ["Content-Type"] = "application/json", ["X-API-Key"] = key }, body)
end
