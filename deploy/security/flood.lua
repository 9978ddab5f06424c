-- wrk script for flood.sh: GET one page without cookies (every request is a new visitor) and
-- count the answers by status. FLOOD_PATH (/login), FLOOD_QUERY_BYTES (0: no query string).
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	counts = {}
	target = os.getenv("FLOOD_PATH") or "/login"
	local query = tonumber(os.getenv("FLOOD_QUERY_BYTES") or "0")
	if query > 0 then
		target = target .. "?q=" .. string.rep("x", query)
	end
end

function request()
	return wrk.format("GET", target, { ["Accept"] = "text/html" })
end

function response(status, headers, body)
	counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
	local total = {}
	for _, thread in ipairs(threads) do
		for status, n in pairs(thread:get("counts")) do
			total[status] = (total[status] or 0) + n
		end
	end
	for status, n in pairs(total) do
		io.write(string.format("status %d %d\n", status, n))
	end
end
