-- Saves revisions of one row per thread (run with as many threads as
-- connections, so each thread has one request in flight): each save is
-- based on the revision the previous answer gave.
local token = os.getenv("TOKEN")
local rows = {}
for line in io.lines(os.getenv("ROWS")) do
  local article, segment = line:match("(%d+) (%d+)")
  rows[#rows + 1] = { article, segment }
end
-- Several wrk processes (one per app process) take different rows.
local next_row = tonumber(os.getenv("ROW_OFFSET") or "0")
function setup(thread)
  next_row = next_row + 1
  local row = rows[next_row]
  thread:set("article", row[1])
  thread:set("segment", row[2])
end
local base, n = 0, 0
function request()
  n = n + 1
  local body = '{"text": "The Bank of Korea said it would push ahead, save ' .. n .. '.", "base_revision": ' .. base .. '}'
  return wrk.format("PUT", "/api/v1/articles/" .. article .. "/segments/" .. segment,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
function response(status, headers, body)
  local revision = body:match('"revision":(%d+)') or body:match('"current_revision":(%d+)')
  if revision then base = tonumber(revision) end
end
