-- load() never skips a first '#' line, whatever the chunk name (only the
-- file loaders do, as luaL_loadfilex).
print(load("#!/usr/bin/lua\nreturn 1", "@file.lua"))
print(load("#!/usr/bin/lua\nreturn 1", "=name"))
print(load("#!/usr/bin/lua\nreturn 1"))
print(load("# comment", "@x.lua"))
