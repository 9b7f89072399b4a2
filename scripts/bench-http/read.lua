-- GET an article (or its diff) chosen at random among the generated ones.
local first, last = tonumber(os.getenv("FIRST_ID")), tonumber(os.getenv("LAST_ID"))
local suffix = os.getenv("SUFFIX") or ""
local token = os.getenv("TOKEN")
math.randomseed(os.time())
request = function()
  local id = math.random(first, last)
  return wrk.format("GET", "/api/v1/articles/" .. id .. suffix, { ["Authorization"] = "Bearer " .. token })
end
