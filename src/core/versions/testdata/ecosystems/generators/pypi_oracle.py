"""Writes ../pypi-oracle.json: validity, normalization and ordering from `packaging`.

Run: python3 pypi_oracle.py  (needs the `packaging` library; the version used is recorded).
"""
import json, random, packaging
from packaging.version import Version, InvalidVersion

TOKENS = ["1", "0", "01", "2", "10", "007", ".", ".", "-", "_", "+", "!", "a", "b", "c", "rc", "alpha",
          "beta", "pre", "preview", "post", "rev", "r", "dev", "v", "V", " ", "local", "x", "A", "DEV",
          "Post", "RC", "ubuntu", "5"]
rng = random.Random(440)
seen, inputs = set(), []
while len(inputs) < 3000:
    s = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 9)))
    if rng.random() < 0.5:
        s = rng.choice(["1", "1.0", "2.3.4", "1!2"]) + s
    if s in seen:
        continue
    seen.add(s)
    try:
        inputs.append({"in": s, "valid": True, "norm": str(Version(s))})
    except InvalidVersion:
        inputs.append({"in": s, "valid": False})
valid = [i for i, x in enumerate(inputs) if x["valid"]]
pairs = []
for _ in range(4000):
    i, j = rng.choice(valid), rng.choice(valid)
    a, b = Version(inputs[i]["in"]), Version(inputs[j]["in"])
    pairs.append([i, j, (a > b) - (a < b)])
json.dump({"source": f"packaging {packaging.__version__} (pypa/packaging), Version()", "inputs": inputs, "pairs": pairs},
          open("../pypi-oracle.json", "w"), indent=0)
