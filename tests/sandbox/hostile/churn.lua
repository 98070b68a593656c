-- expect: return churned
-- allocates ~20x the limit in short-lived garbage: keeps running
for round = 1, 200 do
  local t = {}
  for i = 1, 1000 do t[i] = {i, tostring(i)} end
end
return "churned"
