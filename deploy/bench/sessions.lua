-- wrk script for scaling.sh: GET of one path, each request on the next of several signed-in
-- sessions, so that requests spread over sessions as real users' do. Environment: BENCH_COOKIES,
-- the SESSION cookie values, comma-separated. wrk reports answers other than 2xx and 3xx as
-- "Non-2xx or 3xx responses".
local cookies = {}
for value in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do
	table.insert(cookies, value)
end
if #cookies == 0 then
	error("BENCH_COOKIES is empty")
end

local next_session = 0

function request()
	next_session = next_session % #cookies + 1
	return wrk.format(nil, nil, { Cookie = "SESSION=" .. cookies[next_session] })
end
