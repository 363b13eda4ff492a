-- Class registration POSTs for wrk, each from a new citizen: a phone number and an address (X-Forwarded-For, the
-- portal trusting one proxy) never sent before, so neither the per-phone limit, the address ceiling nor the
-- one-registration-per-phone rule answers in the form's place. The bare POST endpoint gets the same requests.
--   wrk -s bench/register.lua URL -- FORM COOKIE FIRST
-- FORM: the urlencoded fields but the phone; COOKIE: the session its CSRF token belongs to; FIRST: the first
-- number of this run (each thread counts on from its own half million above it).

local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  form, cookie = args[1], args[2]
  n = tonumber(args[3]) + thread_number * 500000
end

function request()
  n = n + 1
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256,
                                        n % 256),
  }
  return wrk.format("POST", nil, headers, form .. string.format("&phone=0813%08d", n))
end
