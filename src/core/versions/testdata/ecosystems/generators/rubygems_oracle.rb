# Writes ../rubygems-oracle.json: validity, to_s and <=> from Gem::Version.
# Run: ruby rubygems_oracle.rb
require "json"
require "rubygems"
TOKENS = ["1", "0", "2", "10", "00", "007", ".", ".", "-", "a", "b", "pre", "rc", "A", " ", "beta", "x", "Z", "\n"]
rng = Random.new(1999)
seen = {}
inputs = []
while inputs.size < 3000
  s = (1..rng.rand(1..9)).map { TOKENS[rng.rand(TOKENS.size)] }.join
  s = ["1", "1.0", "2.3.4"][rng.rand(3)] + s if rng.rand < 0.5
  next if seen[s]
  seen[s] = true
  if Gem::Version.correct?(s)
    inputs << { "in" => s, "valid" => true, "to_s" => Gem::Version.new(s).to_s }
  else
    inputs << { "in" => s, "valid" => false }
  end
end
valid = inputs.each_index.select { |i| inputs[i]["valid"] }
pairs = (1..4000).map do
  i = valid[rng.rand(valid.size)]
  j = valid[rng.rand(valid.size)]
  [i, j, Gem::Version.new(inputs[i]["in"]) <=> Gem::Version.new(inputs[j]["in"])]
end
File.write("../rubygems-oracle.json", JSON.generate({ "source" => "rubygems #{Gem::VERSION} Gem::Version (Ruby #{RUBY_VERSION})", "inputs" => inputs, "pairs" => pairs }))
