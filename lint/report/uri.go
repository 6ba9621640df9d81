package report

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// escapePath percent-encodes a slash-separated relative path for use in a
// URI (RFC 3986 §3.3): unreserved characters, '/' and the sub-delimiters
// that are safe in Markdown link destinations stay; everything else (spaces,
// non-ASCII bytes, '%', '#', '?', ':', parentheses, ...) is encoded. ':' is
// always encoded so that a first segment like "a:b.md" cannot read as a scheme.
func escapePath(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isPathSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func isPathSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~/!$&'*+,;=@", c) >= 0
}

// fileURI turns an absolute directory path into a file: URI ending with "/"
// (SARIF requires a trailing slash on a base URI). Windows paths become
// file:///C:/dir/. It returns "" for a relative or empty path.
func fileURI(dir string) string {
	if dir == "" {
		return ""
	}
	p := filepath.ToSlash(dir)
	if windowsDrive.MatchString(p) { // C:\dir or C:/dir, whatever OS runs this
		p = "/" + strings.ReplaceAll(p, `\`, "/")
	}
	if !strings.HasPrefix(p, "/") {
		return ""
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	// The drive colon is allowed in a file URI path; escapePath encodes every ':'.
	return "file://" + strings.ReplaceAll(escapePath(p), "%3A", ":")
}

var windowsDrive = regexp.MustCompile(`^[A-Za-z]:[\\/]`)

// scpLike matches git's scp-like remote syntax: [user@]host:path.
var scpLike = regexp.MustCompile(`^(?:[A-Za-z0-9._~-]+@)?([A-Za-z0-9.-]+):([^/\\][^\\]*)$`)

// remoteURI returns the remote as an absolute URI without credentials, and
// its https://github.com/OWNER/REPO form when it is a GitHub remote (""
// otherwise). scp-like remotes (git@host:owner/repo.git) become ssh:// URIs.
func remoteURI(remote string) (uri, githubURL string) {
	remote = strings.TrimSpace(remote)
	if remote == "" {
		return "", ""
	}
	var u *url.URL
	if m := scpLike.FindStringSubmatch(remote); m != nil && !strings.Contains(remote, "://") {
		u = &url.URL{Scheme: "ssh", User: url.User("git"), Host: m[1], Path: "/" + m[2]}
	} else {
		parsed, err := url.Parse(remote)
		if err != nil || parsed.Scheme == "" || parsed.Host == "" {
			return "", ""
		}
		u = parsed
	}
	// Never print a token or password embedded in the remote; keep a bare
	// user name for ssh (git@...), which is part of how the remote is reached.
	if u.Scheme == "ssh" && u.User != nil {
		u.User = url.User(u.User.Username())
	} else {
		u.User = nil
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	uri = u.String()
	if strings.EqualFold(u.Hostname(), "github.com") {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) == 2 && parts[0] != "" && parts[1] != "" {
			githubURL = "https://github.com/" + parts[0] + "/" + strings.TrimSuffix(parts[1], ".git")
		}
	}
	return uri, githubURL
}

// blobBase returns the GitHub URL that file paths are appended to,
// "https://github.com/OWNER/REPO/blob/REV/", or "" when the remote is not on
// GitHub or the revision is unknown. The summary links many lines; the remote
// is parsed once for all of them.
func (m Meta) blobBase() string {
	_, gh := remoteURI(m.RemoteURL)
	rev := m.Revision
	if rev == "" {
		rev = strings.TrimPrefix(m.Branch, "refs/heads/")
	}
	if gh == "" || rev == "" {
		return ""
	}
	return gh + "/blob/" + escapePath(rev) + "/"
}

// blobURL links to lines of a file under base (see Meta.blobBase), "" when
// base or path is empty.
func blobURL(base, path string, line, endLine int) string {
	if base == "" || path == "" {
		return ""
	}
	s := base + escapePath(path)
	if line > 0 {
		s += "#L" + strconv.Itoa(line)
		if endLine > line {
			s += "-L" + strconv.Itoa(endLine)
		}
	}
	return s
}
