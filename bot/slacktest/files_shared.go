package slacktest

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Files people share with the app, as Slack serves them: files.info
// describes one, and its url_private gives the bytes only to a request
// with the bot token as a bearer; without it Slack answers 200 with its
// sign-in page, which a careless client reads as the file.

// MethodDownload names downloads of url_private in Calls.
const MethodDownload = "files.download"

// File is a file a test puts in the workspace, as a person would upload
// it (to a modal's file_input, or into a DM with the app).
type File struct {
	Name     string // "hours.csv"
	Mimetype string // "text/csv"; empty is guessed from the name
	User     string // who uploaded it
	Data     []byte
	// Size is the size Slack reports, 0 for len(Data): a test sets it to
	// stand for a file too large to hold (its download gives Data only).
	Size int
}

// AddFile stores a shared file and returns its id.
func (s *Server) AddFile(f File) string {
	if f.Mimetype == "" {
		f.Mimetype = "application/octet-stream"
		if strings.HasSuffix(strings.ToLower(f.Name), ".csv") {
			f.Mimetype = "text/csv"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := fmt.Sprintf("F%08X", s.nextIDLocked())
	if f.Size == 0 {
		f.Size = len(f.Data)
	}
	s.web.files[id] = &fileRecord{name: f.Name, length: f.Size, data: bytes.Clone(f.Data), uploaded: true,
		mimetype: f.Mimetype, user: f.User, created: time.Now()}
	return id
}

// DeleteFile deletes a shared file: files.info then answers file_deleted
// and its url_private 404.
func (s *Server) DeleteFile(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.web.files[id]; f != nil {
		f.deleted = true
	}
}

// FileURL is the url_private of a file.
func (s *Server) FileURL(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.web.files[id]; f != nil {
		return s.fileURLLocked(id, f)
	}
	return ""
}

func (s *Server) fileURLLocked(id string, f *fileRecord) string {
	return fmt.Sprintf("%s/files-pri/%s-%s/%s", s.base, s.opts.TeamID, id, f.name)
}

func (s *Server) filesInfo(req *apiReq) apiResp {
	id := req.params["file"]
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.web.files[id]
	switch {
	case id == "" || f == nil:
		return fail("file_not_found")
	case f.deleted:
		return fail("file_deleted")
	}
	return ok(map[string]any{"file": s.fileObjectLocked(id, f)})
}

func (s *Server) fileObjectLocked(id string, f *fileRecord) map[string]any {
	url := s.fileURLLocked(id, f)
	filetype := "binary"
	if i := strings.LastIndex(f.name, "."); i >= 0 {
		filetype = strings.ToLower(f.name[i+1:])
	}
	return map[string]any{
		"id": id, "name": f.name, "title": f.name, "mimetype": f.mimetype, "filetype": filetype,
		"size": f.length, "user": f.user, "created": f.created.Unix(),
		"url_private": url, "url_private_download": url + "?download=1",
	}
}

func (s *Server) fileObjects(ids []string) []any {
	s.mu.Lock()
	defer s.mu.Unlock()
	files := make([]any, 0, len(ids))
	for _, id := range ids {
		if f := s.web.files[id]; f != nil {
			files = append(files, s.fileObjectLocked(id, f))
		}
	}
	return files
}

// FileInputValue is a file_input's entry in a view_submission's
// state.values as Slack sends it: the uploaded files, described as
// files.info describes them.
func (s *Server) FileInputValue(ids ...string) map[string]any {
	return map[string]any{"type": "file_input", "files": s.fileObjects(ids)}
}

// ShareFileInDM sends the message event Slack sends when user drops files
// into their DM with the app (message.im, subtype file_share).
func (s *Server) ShareFileInDM(user, text string, ids ...string) (Envelope, error) {
	s.mu.Lock()
	dm := s.dmLocked([]string{user})
	ts := s.nextTSLocked()
	s.mu.Unlock()
	return s.SendEvent(s.opts.TeamID, map[string]any{
		"type": "message", "subtype": "file_share", "channel": dm, "channel_type": "im",
		"user": user, "text": text, "ts": ts, "event_ts": ts, "files": s.fileObjects(ids),
	})
}

// handleFileDownload serves url_private to the bot token only.
func (s *Server) handleFileDownload(w http.ResponseWriter, r *http.Request) {
	req, _ := readRequest(r)
	req.method = MethodDownload
	team, id, _ := strings.Cut(r.PathValue("ref"), "-")
	var resp apiResp
	s.mu.Lock()
	f := s.web.files[id]
	s.mu.Unlock()
	switch {
	case s.rateLimited(MethodDownload, &resp):
	case r.Header.Get("Authorization") != "Bearer "+s.opts.BotToken:
		// Slack's sign-in page, not an error status.
		resp = apiResp{raw: true, contentType: "text/html; charset=utf-8",
			text: "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>"}
	case team != s.opts.TeamID || f == nil || f.deleted:
		resp = apiResp{status: http.StatusNotFound, text: "Not Found"}
	default:
		resp = apiResp{raw: true, contentType: f.mimetype, text: string(f.data)}
	}
	s.finish(w, req, resp)
}

// usersLookupByEmail finds a member by the e-mail in their profile.
func (s *Server) usersLookupByEmail(req *apiReq) apiResp {
	email := strings.ToLower(strings.TrimSpace(req.params["email"]))
	if email == "" {
		return fail("invalid_arguments", "`email` is required")
	}
	for id, u := range s.opts.Users {
		if strings.ToLower(u.Email) == email {
			req.params["user"] = id
			return s.usersInfo(req)
		}
	}
	return fail("users_not_found")
}
