-- Table constructors with nil items over earlier keys; string operands of % and // by zero.
local k = 'y'
print(({[k] = 1, [k] = nil}).y)
print(({[true] = 1, [true] = nil})[true])
print(({[1] = 'a', [1] = nil})[1])
print(pcall(function() return {[0/0] = nil} end))
print(pcall(function() local n; return {[n] = nil} end))
local t = {[k] = nil, 10, 20, [3] = 30, [2] = nil}
print(t[1], t[2], t[3], t.y)
print(pcall(function(x) return x % 0 end, 8))
print(pcall(function(x) return x % 0 end, "8"))
print(pcall(function(x) return x // 0 end, "8"))
print(pcall(function(x) return x // 0 end, 8))
