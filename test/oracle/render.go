// Render oracle: real text/template + Sprig v3 + Helm's own template functions, written the way
// Helm's engine defines them, with Helm's engine options. Protocol in README.md:
//
//	stdin:  {"templates":[{"name","text"}], "jobs":[{"template","data"}]}
//	stdout: {"results":[{"template","output"} | {"template","error"}]}
//
// Built offline in GOPATH mode (GO111MODULE=off GOPATH=/usr/share/gocode) from Debian packages.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

type request struct {
	Templates []struct {
		Name string `json:"name"`
		Text string `json:"text"`
	} `json:"templates"`
	Jobs []struct {
		Template string          `json:"template"`
		Data     json.RawMessage `json:"data"`
	} `json:"jobs"`
	// Strict is Helm's --strict lint mode: missingkey=error and no "<no value>" replacement.
	Strict bool `json:"strict"`
}

type result struct {
	Template string  `json:"template"`
	Output   *string `json:"output,omitempty"`
	Error    *string `json:"error,omitempty"`
}

// --- Helm's data objects ----------------------------------------------------------------------

// Maintainer, Dependency and Metadata mirror helm.sh/helm/v3/pkg/chart (field names as Helm's).
type Maintainer struct {
	Name  string
	Email string
	URL   string
}

type Dependency struct {
	Name         string
	Version      string
	Repository   string
	Condition    string
	Tags         []string
	Enabled      bool
	ImportValues []interface{}
	Alias        string
}

type Metadata struct {
	Name         string
	Home         string
	Sources      []string
	Version      string
	Description  string
	Keywords     []string
	Maintainers  []*Maintainer
	Icon         string
	APIVersion   string
	Condition    string
	Tags         string
	AppVersion   string
	Deprecated   bool
	Annotations  map[string]string
	KubeVersion  string
	Dependencies []*Dependency
	Type         string
}

type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

func (kv *KubeVersion) String() string     { return kv.Version }
func (kv *KubeVersion) GitVersion() string { return kv.Version }

type VersionSet []string

func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type BuildInfo struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}

type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion BuildInfo
}

// files is Helm's engine.files: path -> content, with the methods charts call.
type files map[string][]byte

func (f files) GetBytes(name string) []byte {
	if v, ok := f[name]; ok {
		return v
	}
	return []byte{}
}

func (f files) Get(name string) string { return string(f.GetBytes(name)) }

// Glob uses path.Match where Helm uses gobwas/glob with '/' as separator: the same for patterns
// without `**` or `{a,b}` (documented in README.md).
func (f files) Glob(pattern string) files {
	nf := files{}
	for name, contents := range f {
		if ok, _ := path.Match(pattern, name); ok {
			nf[name] = contents
		}
	}
	return nf
}

func (f files) AsConfig() string {
	if f == nil {
		return ""
	}
	m := make(map[string]string)
	for k, v := range f {
		m[path.Base(k)] = string(v)
	}
	return toYAML(m)
}

func (f files) AsSecrets() string {
	if f == nil {
		return ""
	}
	m := make(map[string]string)
	for k, v := range f {
		m[path.Base(k)] = base64.StdEncoding.EncodeToString(v)
	}
	return toYAML(m)
}

func (f files) Lines(p string) []string {
	if f == nil || f[p] == nil {
		return []string{}
	}
	s := string(f[p])
	if len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return strings.Split(s, "\n")
}

type jobData struct {
	Values       map[string]interface{} `json:"Values"`
	Release      map[string]interface{} `json:"Release"`
	Chart        *Metadata              `json:"Chart"`
	Capabilities *Capabilities          `json:"Capabilities"`
	Files        map[string]string      `json:"Files"`
	Template     map[string]interface{} `json:"Template"`
	Subcharts    map[string]interface{} `json:"Subcharts"`
}

func buildData(raw json.RawMessage) (map[string]interface{}, error) {
	var d jobData
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, err
	}
	if d.Values == nil {
		d.Values = map[string]interface{}{}
	}
	if d.Release == nil {
		d.Release = map[string]interface{}{}
	}
	// Helm's Release.Revision is an int, not a JSON float64.
	if r, ok := d.Release["Revision"].(float64); ok {
		d.Release["Revision"] = int(r)
	}
	if d.Chart == nil {
		d.Chart = &Metadata{}
	}
	if d.Capabilities == nil {
		d.Capabilities = &Capabilities{}
	}
	fs := files{}
	for k, v := range d.Files {
		fs[k] = []byte(v)
	}
	top := map[string]interface{}{
		"Values":       d.Values,
		"Release":      d.Release,
		"Chart":        d.Chart,
		"Capabilities": d.Capabilities,
		"Files":        fs,
		"Template":     d.Template,
	}
	if d.Template == nil {
		top["Template"] = map[string]interface{}{}
	}
	if d.Subcharts != nil {
		top["Subcharts"] = d.Subcharts
	}
	return top, nil
}

// --- Helm's functions (pkg/engine/funcs.go) ----------------------------------------------------

// toYAML is sigs.k8s.io/yaml.Marshal: JSON first, then YAML from the JSON (sorted keys).
func toYAML(v interface{}) string {
	j, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var obj interface{}
	if err := yaml.Unmarshal(j, &obj); err != nil {
		return ""
	}
	data, err := yaml.Marshal(obj)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

// yamlToJSONValue is sigs.k8s.io/yaml.Unmarshal: YAML to JSON, then JSON into Go (float64 numbers).
func yamlToJSONValue(str string, into interface{}) error {
	var obj interface{}
	if err := yaml.Unmarshal([]byte(str), &obj); err != nil {
		return err
	}
	j, err := json.Marshal(convertKeys(obj))
	if err != nil {
		return err
	}
	return json.Unmarshal(j, into)
}

func convertKeys(v interface{}) interface{} {
	switch x := v.(type) {
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, val := range x {
			m[fmt.Sprint(k)] = convertKeys(val)
		}
		return m
	case []interface{}:
		for i := range x {
			x[i] = convertKeys(x[i])
		}
		return x
	}
	return v
}

func fromYAML(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yamlToJSONValue(str, &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(str string) []interface{} {
	a := []interface{}{}
	if err := yamlToJSONValue(str, &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(str string) map[string]interface{} {
	m := make(map[string]interface{})
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(str string) []interface{} {
	a := []interface{}{}
	if err := json.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func toTOML(v interface{}) string {
	b := bytes.NewBuffer(nil)
	e := toml.NewEncoder(b)
	if err := e.Encode(v); err != nil {
		return err.Error()
	}
	return b.String()
}

const recursionMaxNums = 1000

func newTemplate(strict bool) *template.Template {
	t := template.New("gotpl")
	if strict {
		t.Option("missingkey=error")
	} else {
		t.Option("missingkey=zero")
	}
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	extra := template.FuncMap{
		"toToml":        toTOML,
		"toYaml":        toYAML,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"include":       func(string, interface{}) string { return "not implemented" },
		"tpl":           func(string, interface{}) interface{} { return "not implemented" },
		"required":      func(string, interface{}) (interface{}, error) { return "not implemented", nil },
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
		"fail": func(msg string) (string, error) { return "", errors.New(msg) },
	}
	for k, v := range extra {
		funcs[k] = v
	}
	t.Funcs(funcs)
	return t
}

// initFunMap installs include/tpl/required closing over the set, as Helm's engine.initFunMap does.
func initFunMap(t *template.Template, strict bool) {
	includedNames := make(map[string]int)
	t.Funcs(template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			var buf strings.Builder
			if v, ok := includedNames[name]; ok {
				if v > recursionMaxNums {
					return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
				}
				includedNames[name]++
			} else {
				includedNames[name] = 1
			}
			err := t.ExecuteTemplate(&buf, name, data)
			includedNames[name]--
			return buf.String(), err
		},
		"tpl": func(tpl string, vals map[string]interface{}) (string, error) {
			clone, err := t.Clone()
			if err != nil {
				return "", err
			}
			initFunMap(clone, strict)
			tt, err := clone.New(t.Name()).Parse(tpl)
			if err != nil {
				return "", fmt.Errorf("cannot parse template %q: %w", tpl, err)
			}
			var buf strings.Builder
			if err := tt.Execute(&buf, vals); err != nil {
				return "", fmt.Errorf("error during tpl function execution for %q: %w", tpl, err)
			}
			if strict {
				return buf.String(), nil
			}
			return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
		},
		"required": func(warn string, val interface{}) (interface{}, error) {
			if val == nil {
				return val, errors.New(warn)
			} else if s, ok := val.(string); ok && s == "" {
				return val, errors.New(warn)
			}
			return val, nil
		},
	})
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var req request
	if err := json.Unmarshal(in, &req); err != nil {
		fmt.Fprintln(os.Stderr, "bad request:", err)
		os.Exit(2)
	}
	t := newTemplate(req.Strict)
	var parseErr error
	for _, f := range req.Templates {
		if _, err := t.New(f.Name).Parse(f.Text); err != nil {
			parseErr = err
			break
		}
	}
	initFunMap(t, req.Strict)
	results := []result{}
	for _, j := range req.Jobs {
		r := result{Template: j.Template}
		if parseErr != nil {
			msg := parseErr.Error()
			r.Error = &msg
			results = append(results, r)
			continue
		}
		data, err := buildData(j.Data)
		if err == nil {
			var buf strings.Builder
			err = func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						err = fmt.Errorf("panic: %v", p)
					}
				}()
				return t.ExecuteTemplate(&buf, j.Template, data)
			}()
			if err == nil {
				out := buf.String()
				if !req.Strict {
					out = strings.ReplaceAll(out, "<no value>", "")
				}
				r.Output = &out
			}
		}
		if err != nil {
			msg := err.Error()
			r.Error = &msg
		}
		results = append(results, r)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(map[string]interface{}{"results": results}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
