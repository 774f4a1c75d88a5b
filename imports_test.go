package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The one-way import rule of the README's "Project structure", checked on
// the real import graph (go list): a package imports only packages of the
// layers below its own, never one beside it or above it. A package's
// layer is that of its top folder (bot/slacktest is in bot's); a package
// may also import within its own folder (storage/storagetest → storage).
var importLayers = [][]string{
	{".", "cmd"}, // the programs: wiring only
	{"demo"},
	{"commands", "schedule"},
	{"dialogs"},
	{"bot", "storage"},
	{"farewell", "settings"}, // the wizard builds on the digest's figures; a workspace's settings
	{"digest", "imports"},    // the figures; reading vendors' exports
	{"strain"},
	{"ledger"},
	{"locale"},
	{"vault"}, // sealing the workspaces' tokens: knows nothing of the rest
}

const module = "github.com/tact-bot/tact"

type listedPackage struct {
	ImportPath string
	Name       string
	Imports    []string
}

func projectPackages(t *testing.T) []listedPackage {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages; the check would prove nothing", len(pkgs))
	}
	return pkgs
}

// folder is a project package's top folder ("." for the root), or "" for
// a package outside the project.
func folder(path string) string {
	if path == module {
		return "."
	}
	rest, ok := strings.CutPrefix(path, module+"/")
	if !ok {
		return ""
	}
	top, _, _ := strings.Cut(rest, "/")
	return top
}

func layerOf(t *testing.T, path string) int {
	t.Helper()
	for i, l := range importLayers {
		if slices.Contains(l, folder(path)) {
			return i
		}
	}
	t.Fatalf("%s is in no layer: add its folder to importLayers and to the README's \"Project structure\"", path)
	return 0
}

func projectImports(p listedPackage) []string {
	var in []string
	for _, imp := range p.Imports {
		if folder(imp) != "" {
			in = append(in, imp)
		}
	}
	return in
}

func TestImportsFlowOneWay(t *testing.T) {
	for _, p := range projectPackages(t) {
		from := layerOf(t, p.ImportPath)
		for _, imp := range projectImports(p) {
			if folder(imp) == folder(p.ImportPath) {
				continue
			}
			if to := layerOf(t, imp); to <= from {
				t.Errorf("%s imports %s: a package imports only the layers below its own (README, \"Project structure\")", p.ImportPath, imp)
			}
		}
	}
}

// bot knows no feature: it imports only locale (and itself), and holds no
// program, least of all one that imports storage. The test servers are for
// tests and tools, never the product.
func TestBotKnowsNoFeatureAndTestServersStayInTests(t *testing.T) {
	for _, p := range projectPackages(t) {
		top := folder(p.ImportPath)
		if top == "bot" && p.Name == "main" {
			t.Errorf("%s is a program under bot/: programs go in cmd/", p.ImportPath)
		}
		for _, imp := range projectImports(p) {
			if top == "bot" && folder(imp) != "bot" && folder(imp) != "locale" {
				t.Errorf("%s imports %s: bot imports only locale", p.ImportPath, imp)
			}
			helper := imp == module+"/bot/slacktest" || imp == module+"/storage/storagetest"
			if helper && top != "cmd" {
				t.Errorf("%s imports the test helper %s outside tests", p.ImportPath, imp)
			}
		}
	}
}
