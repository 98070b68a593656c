-- expect: fuel
coroutine.resume(coroutine.create(function() while true do end end))
