package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

type fileRecord struct {
	name     string
	length   int
	data     []byte
	uploaded bool
	// Shared files (AddFile) also have these.
	mimetype, user string
	created        time.Time
	deleted        bool
	// Set by files.completeUploadExternal: where the upload was shared.
	completed bool
	channel   string
}

func (s *Server) filesGetUploadURLExternal(req *apiReq) apiResp {
	name := req.params["filename"]
	length, err := strconv.Atoi(req.params["length"])
	if name == "" || err != nil || length <= 0 {
		return fail("invalid_arguments", "`filename` and a positive `length` are required")
	}
	s.mu.Lock()
	id := fmt.Sprintf("F%08X", s.nextIDLocked())
	s.web.files[id] = &fileRecord{name: name, length: length}
	s.mu.Unlock()
	return ok(map[string]any{"upload_url": s.base + "/upload/" + id, "file_id": id})
}

// handleUpload stores the bytes POSTed to an upload_url: the first file part of a
// multipart body (what slack-go sends) or else the raw body.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	req, perr := readRequest(r)
	req.method = MethodUpload
	id := r.PathValue("id")
	req.params["file_id"] = id
	var resp apiResp
	switch {
	case perr != nil:
		resp = apiResp{status: http.StatusBadRequest, err: "invalid_form_data", errors: []string{perr.Error()}}
	case r.Method != http.MethodPost:
		resp = apiResp{status: http.StatusMethodNotAllowed, err: "method_not_allowed"}
	case s.rateLimited(MethodUpload, &resp):
	default:
		data, err := uploadedBytes(r.Header.Get("Content-Type"), req.body, req.params)
		if err != nil {
			resp = apiResp{status: http.StatusBadRequest, err: "invalid_form_data", errors: []string{err.Error()}}
			break
		}
		s.mu.Lock()
		f := s.web.files[id]
		if f != nil {
			f.data, f.uploaded = data, true
		}
		s.mu.Unlock()
		if f == nil {
			resp = apiResp{status: http.StatusNotFound, err: "file_not_found"}
			break
		}
		resp = apiResp{text: fmt.Sprintf("OK - %d", len(data))}
	}
	s.finish(w, req, resp)
}

func uploadedBytes(ctype string, body []byte, params map[string]string) ([]byte, error) {
	mt, mp, _ := mime.ParseMediaType(ctype)
	if mt != "multipart/form-data" {
		return bytes.Clone(body), nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), mp["boundary"])
	var file []byte
	found := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading multipart body: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("reading multipart part: %w", err)
		}
		if p.FileName() != "" && !found {
			file, found = data, true
			params["filename"] = p.FileName()
		} else if p.FormName() != "" {
			params[p.FormName()] = string(data)
		}
	}
	if !found {
		return nil, fmt.Errorf("multipart body has no file part")
	}
	return file, nil
}

func (s *Server) filesCompleteUploadExternal(req *apiReq) apiResp {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(req.params["files"]), &files); err != nil || len(files) == 0 {
		return fail("invalid_arguments", "`files` must be a JSON array of {id, title}")
	}
	if c := req.params["initial_comment"]; utf8.RuneCountInString(c) > MaxMessageText {
		return fail("msg_too_long")
	}
	if b := req.params["blocks"]; !emptyJSON(b) {
		if errs := CheckBlocks(json.RawMessage(b), "message"); len(errs) > 0 {
			return fail("invalid_blocks", errStrings(errs)...)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(files))
	for _, f := range files {
		rec := s.web.files[f.ID]
		if rec == nil || !rec.uploaded {
			return fail("file_not_found", "file "+f.ID+" was not uploaded")
		}
		title := f.Title
		if title == "" {
			title = rec.name
		}
		rec.completed, rec.channel = true, req.params["channel_id"]
		out = append(out, map[string]any{"id": f.ID, "title": title})
	}
	return ok(map[string]any{"files": out})
}

// UploadedFile is a file the app uploaded and shared (files v2).
type UploadedFile struct {
	ID, Name, Channel string
	Data              []byte
}

// UploadedFiles are the app's completed uploads, oldest first.
func (s *Server) UploadedFiles() []UploadedFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []UploadedFile
	for id, f := range s.web.files {
		if f.completed {
			out = append(out, UploadedFile{ID: id, Name: f.name, Channel: f.channel, Data: bytes.Clone(f.data)})
		}
	}
	slices.SortFunc(out, func(a, b UploadedFile) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Uploads returns the bytes uploaded so far, by file id.
func (s *Server) Uploads() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]byte, len(s.web.files))
	for id, f := range s.web.files {
		if f.uploaded {
			out[id] = bytes.Clone(f.data)
		}
	}
	return out
}
