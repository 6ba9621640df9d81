package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestIndentJSONMatchesEncodingJSON checks that encodeJSON writes exactly
// what json.Encoder with SetIndent("", "  ") writes, on values with empty
// and nested containers and strings holding quotes, backslashes, brackets,
// commas, colons, HTML characters and non-ASCII text.
func TestIndentJSONMatchesEncodingJSON(t *testing.T) {
	type inner struct {
		S    string            `json:"s"`
		L    []string          `json:"l"`
		M    map[string]any    `json:"m,omitempty"`
		E    []int             `json:"e"`
		O    struct{}          `json:"o"`
		Raw  json.RawMessage   `json:"raw,omitempty"`
		Tags map[string]string `json:"tags"`
	}
	values := []any{
		nil, 0, "plain", []int{}, map[string]int{}, struct{}{},
		[]any{[]any{}, map[string]any{}, []any{[]any{1}}},
		inner{S: `a "quoted" \ back\\slash, {not: [json]} <b>&amp;</b> ünïcödé ✓ \u2028`,
			L: []string{"", "x,y", "]", "}", `\"`, "tab\tnew\nline"}, E: []int{},
			M:    map[string]any{"k:": []any{}, "n": nil, "f": 1.5, "b": true, "z": map[string]any{}},
			Raw:  json.RawMessage(` { "a" : [ 1 , 2 ] , "b" : { } } `),
			Tags: map[string]string{}},
		[]inner{{}, {S: "\\"}},
	}
	for i, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString("prefix kept|")
		if err := encodeJSON(&got, v); err != nil {
			t.Fatal(err)
		}
		if g := got.String(); g != "prefix kept|"+want.String() {
			t.Errorf("value %d:\ngot  %q\nwant %q", i, g, "prefix kept|"+want.String())
		}
	}
}
