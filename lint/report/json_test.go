package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// documentedSchema reads the JSON Schema block of docs/json-schema.md.
func documentedSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "docs", "json-schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, "## JSON Schema")
	if i < 0 {
		t.Fatal("docs/json-schema.md has no \"## JSON Schema\" section")
	}
	start := strings.Index(doc[i:], "```json\n")
	end := strings.Index(doc[i+start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no json block under \"## JSON Schema\"")
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(doc[i+start+8:i+start+8+end]), &schema); err != nil {
		t.Fatalf("the documented schema is not JSON: %v", err)
	}
	return schema
}

// TestJSONMatchesDocumentedSchema keeps docs/json-schema.md and the output
// in step: every key written is documented, every required key is written.
func TestJSONMatchesDocumentedSchema(t *testing.T) {
	schema := documentedSchema(t)
	var b bytes.Buffer
	if err := Write(&b, FormatJSON, testResult(t), testMeta()); err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	checkObject(t, "report", schema, out)
	props := schema["properties"].(map[string]any)
	checkObject(t, "tool", props["tool"].(map[string]any), out["tool"].(map[string]any))
	checkObject(t, "summary", props["summary"].(map[string]any), out["summary"].(map[string]any))
	for _, list := range []string{"findings", "notifications"} {
		items := props[list].(map[string]any)["items"].(map[string]any)
		entries := out[list].([]any)
		if len(entries) == 0 {
			t.Fatalf("the fixture has no %s", list)
		}
		for _, e := range entries {
			checkObject(t, list, items, e.(map[string]any))
		}
	}
}

func checkObject(t *testing.T, what string, schema map[string]any, obj map[string]any) {
	t.Helper()
	props, _ := schema["properties"].(map[string]any)
	var keys []string
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := props[k]; !ok {
			t.Errorf("%s: key %q is written but not documented in docs/json-schema.md", what, k)
		}
	}
	req, _ := schema["required"].([]any)
	for _, r := range req {
		if _, ok := obj[r.(string)]; !ok {
			t.Errorf("%s: documented required key %q is missing", what, r)
		}
	}
}

func TestJSONEmptyResultHasArrays(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatJSON, nil, Meta{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"findings": []`, `"notifications": []`, `"byRule": {}`, `"version": "dev"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %s in:\n%s", want, b.String())
		}
	}
}
