-- wrk script for make bench: POST /api/agents with a new name each time (replicas 0: records only).
local key = os.getenv("BENCH_KEY")
local thread_tag = tostring(math.random(1, 1000000000))
local counter = 0

request = function()
    counter = counter + 1
    local body = string.format('{"agentName":"bench-%s-%d","resources":{"replicas":0}}', thread_tag, counter)
    return wrk.format("POST", "/api/agents", { ["Content-Type"] = "application/json", ["X-API-Key"] = key }, body)
end
