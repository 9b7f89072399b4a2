-- Submits a 30-paragraph draft (the reporter's call).
local token = os.getenv("TOKEN")
local ko, en = {}, {}
for i = 1, 30 do
  ko[#ko + 1] = '"한국은행은 ' .. i .. '월 금리를 연 3.5%로 동결했다고 밝혔다. 물가 상승률은 ' .. (i + 1) .. '%였다."'
  en[#en + 1] = '"The Bank of Korea said it held its rate at 3.5 percent in month ' .. i .. '. Inflation was ' .. (i + 1) .. ' percent."'
end
local body = '{"title": "Load test draft", "source_paragraphs": [' .. table.concat(ko, ",") ..
  '], "draft_paragraphs": [' .. table.concat(en, ",") .. '], "ai": {"tool": "ChatGPT", "model": "gpt-4o"}}'
request = function()
  return wrk.format("POST", "/api/v1/articles", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
