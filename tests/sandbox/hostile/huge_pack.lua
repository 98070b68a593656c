-- expect: error not enough memory
return string.pack("s4s4s4", string.rep("x", 4e6), string.rep("x", 4e6), string.rep("x", 4e6))
