-- package.searchpath's message (loadlib.c pusherrornotfound) and how
-- require joins the searchers' messages
print(package.searchers[1]("zz"))
print(select("#", package.searchers[4]("zz")))
print(package.searchpath("a.b", "x/?.lua;;y/?"))
print(package.searchpath("a.b", ""))
print(package.searchpath("a.b", "?", ""))
print(package.searchpath("a.b", "?;?.x", ".", "::"))
print(package.searchpath("a.b.c", "?", ".b", "_"))
package.path = "./?.lua;./nope/?.lua"
package.cpath = "./nope/?.so"
table.insert(package.searchers, function(n) return "custom says no" end)
table.insert(package.searchers, function(n) return nil end)
table.insert(package.searchers, function(n) return 42 end)
print(pcall(require, "zz.yy"))
package.preload.pre = function(...) print("loading", ...) return {v = 1} end
print(require("pre").v, select(2, require("pre")))
print(pcall(require))
