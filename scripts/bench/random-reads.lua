-- wrk script for make bench: each request a random pair of BENCH_PAIRS (lines "<api key> <agent id>",
-- written by scripts/bench/seed-reads.py), its key as X-API-Key and its agent id put in BENCH_PATH
-- for "{agent}" (/api/agents/{agent}/status). So every request reads a random key's record, and a
-- random agent of that key's owner.
local entries = {}
for line in io.lines(os.getenv("BENCH_PAIRS")) do
    local key, agent = line:match("^(%S+) (%S+)$")
    if key then entries[#entries + 1] = { key = key, agent = agent } end
end
local template = os.getenv("BENCH_PATH")
-- Each wrk thread has its own Lua state: seed each from its own address so they differ.
math.randomseed(os.time() + tonumber(tostring(entries):match("0x(%x+)") or "0", 16) % 1000003)

request = function()
    local entry = entries[math.random(#entries)]
    local path = template:gsub("{agent}", entry.agent)
    return wrk.format("GET", path, { ["X-API-Key"] = entry.key })
end
