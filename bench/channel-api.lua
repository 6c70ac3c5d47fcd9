-- wrk script: CreateChannel + DeleteChannel load on Hibiki's ImageFlux API.
--
-- Each wrk thread keeps a FIFO of channel ids it created. request() sends DeleteChannel for the oldest queued id
-- when there is one, else CreateChannel; response() queues the channel_id of every successful CreateChannel.
-- With one request in flight per connection this settles into roughly one create per delete.
--
-- The access token comes from the environment (ACCESS_TOKEN) or from the first script argument:
--   ACCESS_TOKEN=hbk_... wrk -t1 -c16 -d30s --latency -s bench/channel-api.lua http://127.0.0.1:PORT/
--   wrk ... -s bench/channel-api.lua http://127.0.0.1:PORT/ -- hbk_...
--
-- By default every connection sends its next request as soon as the previous answer arrives (closed loop: the
-- figures are the server's saturation throughput and the latency at saturation). With BENCH_RATE=N (requests/s
-- over all threads; give the thread count in BENCH_THREADS) each thread paces its requests to N/threads per
-- second through wrk's delay() hook, falling behind and catching up if the server stalls; latency is still
-- measured from the moment a request is sent, so use enough connections (several times N x p99) to keep pace.
--
-- Nothing is hidden: done() prints the create/delete mix, every non-200 status with its count and a sample of
-- the error bodies, wrk's socket errors, and one machine-readable line starting with "RESULT " that
-- bench/channel-api.sh parses.

local CREATE_TARGET = "ImageFlux_20180905.CreateChannel"
local DELETE_TARGET = "ImageFlux_20180501.DeleteChannel"
local CREATE_BODY = '{"hls":['
  .. '{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":1280,"height":720,"fps":30,"bps":2000000},"audio":{"bps":96000}},'
  .. '{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}'
  .. ']}'
local MAX_SAMPLES = 5 -- error bodies kept per thread

-- Optional pacing (see above). wrk calls delay() only if it exists when the script is loaded, so define it here.
local RATE = tonumber(os.getenv("BENCH_RATE") or "")
if RATE ~= nil and RATE > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } hibiki_timespec;
    int clock_gettime(int clock_id, hibiki_timespec *tp);
  ]]
  local CLOCK_MONOTONIC = 1
  local ts = ffi.new("hibiki_timespec")
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval_ms = 1000 * math.max(1, tonumber(os.getenv("BENCH_THREADS") or "") or 1) / RATE
  local next_slot = nil

  -- Each call books the thread's next send slot; wrk waits the returned whole milliseconds, then calls request().
  function delay()
    local now = now_ms()
    if next_slot == nil then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval_ms
    return math.max(0, slot - now)
  end
end

-- ---------------------------------------------------------------------------------------------------------------
-- Main state: remember the threads so that done() can add up their counters.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

-- ---------------------------------------------------------------------------------------------------------------
-- Per-thread state (each wrk thread runs its own Lua state).
local queue, head, tail             -- FIFO of created channel ids: queue[head .. tail-1]
local create_request                -- prebuilt CreateChannel request
local auth_header

-- Counters, read by done() through thread:get().
creates_sent = 0
deletes_sent = 0
create_ok = 0
delete_ok = 0
other_ok = 0      -- 200 whose body is neither shape (should stay 0)
non200 = 0
statuses = {}     -- status code (as a string) -> count, non-200 only
samples = {}      -- a few "status body" strings of failed responses
unparsed = 0      -- 200 CreateChannel bodies without a channel_id (should stay 0)
queued_left = 0   -- ids still queued (channels left behind) when the thread stopped

function init(args)
  local token = os.getenv("ACCESS_TOKEN")
  if (token == nil or token == "") and args ~= nil and args[1] ~= nil then token = args[1] end
  if token == nil or token == "" then
    error("channel-api.lua: give the access token in ACCESS_TOKEN or as the first script argument (after --)")
  end
  auth_header = "Bearer " .. token
  queue, head, tail = {}, 1, 1
  create_request = wrk.format("POST", "/", {
    ["Content-Type"] = "application/json",
    ["X-Sora-Target"] = CREATE_TARGET,
    ["Authorization"] = auth_header,
  }, CREATE_BODY)
end

function request()
  if head < tail then
    local id = queue[head]
    queue[head] = nil
    head = head + 1
    queued_left = tail - head
    deletes_sent = deletes_sent + 1
    return wrk.format("POST", "/", {
      ["Content-Type"] = "application/json",
      ["X-Sora-Target"] = DELETE_TARGET,
      ["Authorization"] = auth_header,
    }, '{"channel_id":"' .. id .. '"}')
  end
  creates_sent = creates_sent + 1
  return create_request
end

function response(status, headers, body)
  if status == 200 then
    -- A CreateChannel answer carries sora_url (and playlist_url); a DeleteChannel answer only the channel_id.
    if body ~= nil and string.find(body, '"sora_url"', 1, true) then
      local id = string.match(body, '"channel_id"%s*:%s*"([^"]+)"')
      if id then
        queue[tail] = id
        tail = tail + 1
        queued_left = tail - head
        create_ok = create_ok + 1
      else
        unparsed = unparsed + 1
      end
    elseif body ~= nil and string.find(body, '"channel_id"', 1, true) then
      delete_ok = delete_ok + 1
    else
      other_ok = other_ok + 1
    end
    return
  end
  non200 = non200 + 1
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if #samples < MAX_SAMPLES then
    samples[#samples + 1] = key .. " " .. string.sub(body or "", 1, 300)
  end
end

-- ---------------------------------------------------------------------------------------------------------------
-- Main state again, after the run.
function done(summary, latency, requests)
  local t = { creates_sent = 0, deletes_sent = 0, create_ok = 0, delete_ok = 0, other_ok = 0, non200 = 0,
              unparsed = 0, queued_left = 0 }
  local statuses, samples = {}, {}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
    for code, n in pairs(thread:get("statuses") or {}) do statuses[code] = (statuses[code] or 0) + n end
    for _, s in ipairs(thread:get("samples") or {}) do
      if #samples < MAX_SAMPLES then samples[#samples + 1] = s end
    end
  end

  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local rps = seconds > 0 and summary.requests / seconds or 0
  local function ms(p) return latency:percentile(p) / 1000 end

  io.write("---- channel-api.lua ----\n")
  if RATE ~= nil and RATE > 0 then
    io.write(string.format("pacing:    %d requests/s asked for (BENCH_RATE), %.1f achieved\n", RATE, rps))
  end
  io.write(string.format("sent:      %d CreateChannel, %d DeleteChannel (%.1f%% creates)\n",
    t.creates_sent, t.deletes_sent,
    100 * t.creates_sent / math.max(1, t.creates_sent + t.deletes_sent)))
  io.write(string.format("200 OK:    %d CreateChannel, %d DeleteChannel, %d unrecognised\n",
    t.create_ok, t.delete_ok, t.other_ok))
  io.write(string.format("non-200:   %d", t.non200))
  for code, n in pairs(statuses) do io.write(string.format("  [%s x %d]", code, n)) end
  io.write("\n")
  for _, s in ipairs(samples) do io.write("  sample: " .. s .. "\n") end
  if t.unparsed > 0 then io.write(string.format("unparsed:  %d CreateChannel 200s without channel_id\n", t.unparsed)) end
  io.write(string.format("socket:    connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("left:      %d created channels still queued (not deleted) at the end\n", t.queued_left))
  io.write(string.format("latency:   p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000))

  local failures = t.non200 + t.other_ok + t.unparsed + socket_errors
  io.write(string.format(
    "RESULT rate=%s requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f "
      .. "creates=%d deletes=%d non200=%d socket_errors=%d failures=%d\n",
    (RATE ~= nil and RATE > 0) and tostring(RATE) or "max", summary.requests, seconds, rps, ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000,
    t.creates_sent, t.deletes_sent, t.non200, socket_errors, failures))
end
