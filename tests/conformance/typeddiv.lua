-- Division of typed numbers: constant divisors, constant dividends, zeros and signed zeros.
for i = -2, 2 do
  local f = i + 0.5
  print(i / 2, f / 2, 1 / f, f / i, i / f, 3 / (f - 0.5), (f - 0.5) / 0, -f / 0, 0.0 / (i - i), f / -0.0)
end
