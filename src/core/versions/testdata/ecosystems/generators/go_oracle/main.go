// Writes ../../go-oracle.json: IsValid, Canonical and Compare from golang.org/x/mod/semver.
// Run: copy semver.go from golang.org/x/mod/semver (or GOROOT/src/cmd/vendor/golang.org/x/mod/semver)
// into ./semver/, then `go run .` in this folder with a go.mod naming module "oracle".
package main

import (
	"encoding/json"
	"math/rand"
	"os"

	"oracle/semver"
)

type input struct {
	In        string `json:"in"`
	Valid     bool   `json:"valid"`
	Canonical string `json:"canonical,omitempty"`
}

func main() {
	tokens := []string{"v", "v", "1", "0", "2", "10", "01", ".", ".", "-", "+", "pre", "alpha", "incompatible",
		"20191109021931", "daa7c04131f5", "x", "A", "0"}
	rng := rand.New(rand.NewSource(1109))
	seen := map[string]bool{}
	var inputs []input
	for len(inputs) < 3000 {
		s := ""
		n := 1 + rng.Intn(8)
		for k := 0; k < n; k++ {
			s += tokens[rng.Intn(len(tokens))]
		}
		if rng.Intn(2) == 0 {
			s = []string{"v1", "v1.0", "v2.3.4", "v0.0.0"}[rng.Intn(4)] + s
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		inputs = append(inputs, input{In: s, Valid: semver.IsValid(s), Canonical: semver.Canonical(s)})
	}
	var valid []int
	for i, x := range inputs {
		if x.Valid {
			valid = append(valid, i)
		}
	}
	var pairs [][3]int
	for k := 0; k < 4000; k++ {
		i, j := valid[rng.Intn(len(valid))], valid[rng.Intn(len(valid))]
		pairs = append(pairs, [3]int{i, j, semver.Compare(inputs[i].In, inputs[j].In)})
	}
	out, _ := json.Marshal(map[string]any{"source": "golang.org/x/mod/semver (vendored in Go 1.19.8 GOROOT/src/cmd/vendor)", "inputs": inputs, "pairs": pairs})
	os.WriteFile("../../go-oracle.json", out, 0o644)
}
