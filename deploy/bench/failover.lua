-- wrk script for bench.sh's cluster run: one signed-in session, one method, and a count of the
-- requests that failed. Environment: BENCH_METHOD (GET or POST), BENCH_BODY (the form, for POST,
-- without its one-time token).
-- A POST run is a user saving a form again and again: GET the page, POST the form with the
-- page's one-time token (every form post carries a new one; a token sent twice is a replay and
-- changes nothing), and so on; the page loads count as requests of the run too.
-- A request failed if it got anything but a 200 (GET) or a redirect elsewhere than the sign-in
-- page (POST): a 5xx from nginx, a 403 (the CSRF token was not found), /login (the session was
-- not found), or a 200 for a POST (the form shown again: the post was not accepted). Failed
-- responses are also counted by status; requests that got no answer within wrk's --timeout are
-- socket errors, reported apart.
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

local method = os.getenv("BENCH_METHOD") or "GET"
local form = os.getenv("BENCH_BODY")

function init(args)
	ok = 0
	failed = 0
	statuses = {}
	token = nil
	sent = "GET"
end

-- Only a POST run builds its requests one by one; a GET run sends wrk's fixed request.
if method == "POST" then
	function request()
		if token ~= nil then
			sent = "POST"
			local body = form .. "&_submission=" .. token
			token = nil
			-- wrk.format uses the headers it is given instead of the command line's (-H, the
			-- session cookie), not beside them.
			local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
			for name, value in pairs(wrk.headers) do
				headers[name] = headers[name] or value
			end
			return wrk.format("POST", nil, headers, body)
		end
		sent = "GET"
		return wrk.format("GET")
	end
end

function response(status, headers, body)
	local location = headers["Location"] or ""
	local good
	if sent == "POST" then
		good = status == 302 and not location:find("/login")
	else
		good = status == 200
		if good and method == "POST" then
			token = body:match('name="_submission" value="([^"]+)"')
		end
	end
	if good then
		ok = ok + 1
	else
		failed = failed + 1
		local key = sent .. " " .. tostring(status)
		if status == 302 then key = sent .. " 302 to /login" end
		statuses[key] = (statuses[key] or 0) + 1
	end
end

function done(summary, latency, requests)
	local good, bad, by_status = 0, 0, {}
	for _, thread in ipairs(threads) do
		good = good + thread:get("ok")
		bad = bad + thread:get("failed")
		for status, count in pairs(thread:get("statuses")) do
			by_status[status] = (by_status[status] or 0) + count
		end
	end
	local detail = {}
	for status, count in pairs(by_status) do
		table.insert(detail, string.format("%d × %s", count, status))
	end
	table.sort(detail)
	local errors = summary.errors
	io.write(string.format("RESULT ok=%d failed=%d socket_errors=%d\n", good, bad,
		errors.connect + errors.read + errors.write + errors.timeout))
	io.write(string.format("STATUSES %s\n", table.concat(detail, ", ")))
end
