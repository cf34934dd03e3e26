-- Run by wrk for every load run of the bench (`wrk -s bench/wrk-report.lua … -- [header …]`).
--
-- wrk's own summary counts only "status >= 400" answers, so this script counts every answer by its
-- exact status in a `response` hook (measured: ~10 % more loader CPU than no hook; bench/README.md).
-- Header names given after `--` are tallied too, as "<status> <name>: <value>" ("none" when absent),
-- and the first body of every status >= 300 is kept for the report.
--
-- done() writes one line, `WRK_REPORT {json}`, with the counts merged over wrk's threads and the
-- loader's CPU: os.clock() is LuaJIT's clock(), which glibc reads from CLOCK_PROCESS_CPUTIME_ID, the
-- user + system time of every wrk thread so far (checked against /usr/bin/time: 3.00 s vs 2.99 s).

-- Globals, not locals: done() reads each thread's copy with thread:get().
statuses = {}
tallies = {}
bodies = {}

local tallied = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for _, name in ipairs(args) do
    table.insert(tallied, name:lower())
  end
end

local function tally(status, headers)
  local found = {}
  for name, value in pairs(headers) do
    found[name:lower()] = value
  end
  for _, name in ipairs(tallied) do
    local key = status .. " " .. name .. ": " .. (found[name] or "none")
    tallies[key] = (tallies[key] or 0) + 1
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if #tallied > 0 then
    tally(status, headers)
  end
  if status >= 300 and bodies[status] == nil then
    bodies[status] = body:sub(1, 300)
  end
end

local function quote(text)
  return '"' .. tostring(text):gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function object(map)
  local parts = {}
  for key, value in pairs(map) do
    local encoded = type(value) == "number" and string.format("%d", value) or quote(value)
    table.insert(parts, quote(key) .. ":" .. encoded)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function merged(name, add)
  local all = {}
  for _, thread in ipairs(threads) do
    for key, value in pairs(thread:get(name) or {}) do
      all[key] = add and (all[key] or 0) + value or all[key] or value
    end
  end
  return all
end

function done(summary, latency, requests)
  local errors = summary.errors
  local fields = {
    '"cpuS":' .. string.format("%.4f", os.clock()),
    '"durationUs":' .. summary.duration,
    '"requests":' .. summary.requests,
    '"p50Us":' .. latency:percentile(50),
    '"p99Us":' .. latency:percentile(99),
    '"maxUs":' .. latency.max,
    '"errors":' .. object({ connect = errors.connect, read = errors.read, write = errors.write, timeout = errors.timeout }),
    '"statuses":' .. object(merged("statuses", true)),
    '"tallies":' .. object(merged("tallies", true)),
    '"bodies":' .. object(merged("bodies", false)),
  }
  io.write("WRK_REPORT {" .. table.concat(fields, ",") .. "}\n")
end
