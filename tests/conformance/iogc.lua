-- files are finalized by the collector: an unclosed file is flushed and
-- closed when it becomes garbage; the default input/output files are
-- reachable (the registry holds them) and survive collections
local name = os.tmpname()

io.output(name)
io.write("written but never closed\n")
io.output(io.stdout)
collectgarbage()            -- the file is collected: flushed and closed
local f = assert(io.open(name))
print(f:read("a"))
f:close()

-- a file only the default input/output refers to is not collected
for i = 1, 3 do
  io.input(name)
  assert(io.open(name, "r"))   -- garbage
  io.lines(name)               -- garbage
  collectgarbage()
end
print(io.type(io.input()), io.read("l"))
io.input():close()
print(io.type(io.input()))
io.input(io.stdin)

-- a file kept in a variable stays open across collections
local g = assert(io.open(name, "w"))
collectgarbage()
print(io.type(g), g:write("x") == g)
g:close()

-- a closed file's finalizer does nothing
do local h = assert(io.open(name)); h:close() end
collectgarbage()

-- the registry keys liolib uses
local reg = debug.getregistry()
print(reg._IO_output == io.output(), reg._IO_input == io.input())
assert(os.remove(name))
print("done")
