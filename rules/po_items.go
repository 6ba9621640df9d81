package rules

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/rolelint/rolelint/lint"
)

// Set-level helpers for PO008, PO009 and PO010.

// poClosedStatuses are end states that are not "done" but take an item out of
// the backlog: it will not be built.
var poClosedStatuses = map[string]bool{
	"won't do": true, "wont do": true, "will not do": true, "duplicate": true, "rejected": true,
	"cancelled": true, "canceled": true, "obsolete": true, "invalid": true, "merged": true,
	"abandoned": true, "declined": true, "wontfix": true, "won't fix": true, "not planned": true,
}

// poNormStatus lower-cases and trims a status, folding "_"/"-" to spaces.
func poNormStatus(s string) string {
	return strings.Join(strings.Fields(poKeySeparators.Replace(strings.ToLower(strings.TrimSpace(s)))), " ")
}

// poIsClosed reports whether an item is done or closed without being done.
func poIsClosed(c *lint.Config, d *lint.Doc) bool {
	st := lint.ItemStatus(d)
	return lint.IsDone(c, st) || poClosedStatuses[poNormStatus(st)]
}

// poIsDraft reports whether an item is a draft, not yet in the backlog: its
// status is Draft or it lives under a drafts/ folder (Backlog.md keeps
// drafts there with status "To Do").
func poIsDraft(d *lint.Doc) bool {
	if poNormStatus(lint.ItemStatus(d)) == "draft" {
		return true
	}
	for _, seg := range strings.Split(path.Dir(d.Path), "/") {
		if strings.EqualFold(seg, "drafts") {
			return true
		}
	}
	return false
}

// poIsArchived reports whether an item lives under an archive folder.
func poIsArchived(d *lint.Doc) bool {
	for _, seg := range strings.Split(path.Dir(d.Path), "/") {
		s := strings.ToLower(seg)
		if s == "archive" || s == "archived" || s == ".archive" {
			return true
		}
	}
	return false
}

// where names an item for messages: its id, else its path and line.
func poItemRef(d *lint.Doc) string {
	line := d.TitleLine
	if line == 0 {
		line = d.StartLine
	}
	if d.ID != "" {
		return fmt.Sprintf("%s (%s:%d)", d.ID, d.Path, line)
	}
	return fmt.Sprintf("%s:%d", d.Path, line)
}

var idToken = regexp.MustCompile(`(?i)\b[a-z]{1,12}-\d+(?:\.\d+)*\b|#\d+\b|^\s*\d+[.:)]\s+`)

// poNormKey normalises a story sentence or title for duplicate detection:
// lower case, ids (US-7, task-12, #4) and punctuation removed, whitespace collapsed.
func poNormKey(s, id string) string {
	s = strings.ToLower(s)
	if id != "" {
		s = strings.ReplaceAll(s, strings.ToLower(id), " ")
	}
	if strings.ContainsAny(s, "0123456789") { // every idToken form has a digit
		s = idToken.ReplaceAllString(s, " ")
	}
	return poLetterNumberWords(s)
}

// poLetterNumberWords joins the runs of letters and numbers of s with single
// spaces: what replacing each run of `[^\p{L}\p{N}]+` by a space and
// collapsing the spaces gives, without the regexp.
func poLetterNumberWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inWord := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if !inWord && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			inWord = true
		} else {
			inWord = false
		}
	}
	return b.String()
}

// poKeySeparators is built once: a Replacer is costly to make and safe to share.
var poKeySeparators = strings.NewReplacer("_", " ", "-", " ")
