-- expect: error pattern too complex
return string.find(string.rep("a", 1e5), string.rep("a?", 1e5) .. string.rep("a", 1e5))
