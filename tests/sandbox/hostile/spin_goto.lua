-- expect: fuel
::top:: goto top
