package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Block Kit limits, in characters (runes) unless noted. From Slack's Block Kit reference.
const (
	MaxMessageBlocks     = 50
	MaxViewBlocks        = 100
	MaxMessageText       = 40000
	MaxIDLen             = 255 // block_id, action_id, callback_id, external_id
	MaxSectionText       = 3000
	MaxSectionFields     = 10
	MaxFieldText         = 2000
	MaxHeaderText        = 150
	MaxContextElements   = 10
	MaxActionsElements   = 25
	MaxButtonText        = 75
	MaxButtonValue       = 2000
	MaxURL               = 3000
	MaxSelectOptions     = 100
	MaxOptionText        = 75
	MaxOptionValue       = 150
	MaxOptionDescription = 75
	MaxOverflowOptions   = 5
	MaxRadioOptions      = 10
	MaxCheckboxOptions   = 10
	MaxInputMaxLength    = 3000
	MaxPlaceholder       = 150
	MaxLabel             = 2000
	MaxHint              = 2000
	MaxAltText           = 2000
	MaxMarkdownBlockText = 12000
	MaxViewTitle         = 24 // title, submit, close
	MaxPrivateMetadata   = 3000
	MaxViewBytes         = 250 * 1024 // bytes, whole view JSON
)

// CheckBlocks checks blocks (a JSON array) against Slack's limits for surface
// "message", "modal" or "home", and returns one error per violation, each ending
// with the JSON pointer of the offending field as Slack does.
func CheckBlocks(blocks json.RawMessage, surface string) []error {
	c := &blockChecker{surface: surface}
	c.blocks("", blocks)
	return c.errs
}

// CheckView checks a modal or Home tab view object against Slack's limits.
func CheckView(view json.RawMessage) []error {
	c := &blockChecker{}
	c.view("/view", view)
	return c.errs
}

type blockChecker struct {
	surface  string
	errs     []error
	blockIDs map[string]string // block_id -> pointer of first use
}

func (c *blockChecker) fail(ptr, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s [json-pointer:%s]", fmt.Sprintf(format, args...), ptr))
}

func (c *blockChecker) decode(ptr string, raw []byte) (any, bool) {
	if !utf8.Valid(raw) {
		c.fail(ptr, "invalid UTF-8")
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		c.fail(ptr, "invalid JSON: %v", err)
		return nil, false
	}
	return v, true
}

func (c *blockChecker) view(ptr string, raw json.RawMessage) {
	if len(raw) > MaxViewBytes {
		c.fail(ptr, "view must be at most %d bytes (got %d)", MaxViewBytes, len(raw))
	}
	v, ok := c.decode(ptr, raw)
	if !ok {
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(ptr, "view must be an object")
		return
	}
	typ, _ := m["type"].(string)
	switch typ {
	case "modal":
		c.surface = "modal"
		c.text(ptr+"/title", m["title"], true, MaxViewTitle, "plain_text")
		c.text(ptr+"/submit", m["submit"], false, MaxViewTitle, "plain_text")
		c.text(ptr+"/close", m["close"], false, MaxViewTitle, "plain_text")
		if m["submit"] == nil && hasInput(m["blocks"]) {
			c.fail(ptr+"/submit", "submit is required when the view has input blocks")
		}
	case "home":
		c.surface = "home"
	default:
		c.fail(ptr+"/type", "must be modal or home (got %q)", typ)
		return
	}
	c.maxString(ptr+"/private_metadata", m["private_metadata"], MaxPrivateMetadata)
	c.maxString(ptr+"/callback_id", m["callback_id"], MaxIDLen)
	c.maxString(ptr+"/external_id", m["external_id"], MaxIDLen)
	blocks, ok := m["blocks"].([]any)
	if !ok {
		c.fail(ptr+"/blocks", "blocks must be an array")
		return
	}
	c.blockList(ptr, blocks)
}

func hasInput(v any) bool {
	list, _ := v.([]any)
	for _, b := range list {
		if bm, ok := b.(map[string]any); ok && bm["type"] == "input" {
			return true
		}
	}
	return false
}

func (c *blockChecker) blocks(ptr string, raw json.RawMessage) {
	v, ok := c.decode(ptr+"/blocks", raw)
	if !ok {
		return
	}
	list, ok := v.([]any)
	if !ok {
		c.fail(ptr+"/blocks", "blocks must be an array")
		return
	}
	c.blockList(ptr, list)
}

func (c *blockChecker) blockList(ptr string, list []any) {
	limit := MaxViewBlocks
	switch c.surface {
	case "message":
		limit = MaxMessageBlocks
	case "modal", "home":
	default:
		c.fail(ptr+"/blocks", "unknown surface %q", c.surface)
		return
	}
	if len(list) > limit {
		c.fail(ptr+"/blocks", "no more than %d blocks allowed in a %s (got %d)", limit, c.surface, len(list))
	}
	c.blockIDs = map[string]string{}
	for i, b := range list {
		c.block(ptr+"/blocks/"+strconv.Itoa(i), b)
	}
}

func (c *blockChecker) block(ptr string, v any) {
	b, ok := v.(map[string]any)
	if !ok {
		c.fail(ptr, "block must be an object")
		return
	}
	if id, present := b["block_id"]; present {
		s, isStr := id.(string)
		switch {
		case !isStr || s == "":
			c.fail(ptr+"/block_id", "must be a non-empty string")
		case utf8.RuneCountInString(s) > MaxIDLen:
			c.fail(ptr+"/block_id", "must be at most %d characters (got %d)", MaxIDLen, utf8.RuneCountInString(s))
		default:
			if first, dup := c.blockIDs[s]; dup {
				c.fail(ptr+"/block_id", "duplicate block_id %q (first at %s)", s, first)
			} else {
				c.blockIDs[s] = ptr
			}
		}
	}
	typ, _ := b["type"].(string)
	switch typ {
	case "section":
		c.section(ptr, b)
	case "header":
		c.text(ptr+"/text", b["text"], true, MaxHeaderText, "plain_text")
	case "context":
		els := c.list(ptr+"/elements", b["elements"], 1, MaxContextElements)
		for i, e := range els {
			p := ptr + "/elements/" + strconv.Itoa(i)
			if em, ok := e.(map[string]any); ok && em["type"] == "image" {
				c.image(p, em)
			} else {
				c.text(p, e, true, MaxSectionText, "plain_text", "mrkdwn")
			}
		}
	case "actions":
		for i, e := range c.list(ptr+"/elements", b["elements"], 1, MaxActionsElements) {
			c.element(ptr+"/elements/"+strconv.Itoa(i), e)
		}
	case "input":
		if c.surface == "message" {
			c.fail(ptr+"/type", "input blocks are not allowed in messages")
		}
		c.text(ptr+"/label", b["label"], true, MaxLabel, "plain_text")
		c.text(ptr+"/hint", b["hint"], false, MaxHint, "plain_text")
		if b["element"] == nil {
			c.fail(ptr+"/element", "is required")
		} else {
			c.element(ptr+"/element", b["element"])
		}
	case "image":
		c.image(ptr, b)
		c.text(ptr+"/title", b["title"], false, MaxAltText, "plain_text")
	case "markdown":
		c.maxString(ptr+"/text", b["text"], MaxMarkdownBlockText)
	case "divider", "rich_text", "file", "video", "table":
	default:
		c.fail(ptr+"/type", "unsupported block type %q", typ)
	}
}

func (c *blockChecker) section(ptr string, b map[string]any) {
	fields := c.list(ptr+"/fields", b["fields"], 0, MaxSectionFields)
	if b["text"] == nil && len(fields) == 0 {
		c.fail(ptr, "section must have text or fields")
	}
	c.text(ptr+"/text", b["text"], false, MaxSectionText, "plain_text", "mrkdwn")
	for i, f := range fields {
		c.text(ptr+"/fields/"+strconv.Itoa(i), f, true, MaxFieldText, "plain_text", "mrkdwn")
	}
	if acc, ok := b["accessory"]; ok {
		c.element(ptr+"/accessory", acc)
	}
}

func (c *blockChecker) image(ptr string, m map[string]any) {
	c.maxString(ptr+"/alt_text", m["alt_text"], MaxAltText)
	c.maxString(ptr+"/image_url", m["image_url"], MaxURL)
}

// element checks an interactive element (or image) of an actions, section or input block.
func (c *blockChecker) element(ptr string, v any) {
	e, ok := v.(map[string]any)
	if !ok {
		c.fail(ptr, "element must be an object")
		return
	}
	if id, present := e["action_id"]; present {
		s, isStr := id.(string)
		if !isStr || s == "" {
			c.fail(ptr+"/action_id", "must be a non-empty string")
		} else if n := utf8.RuneCountInString(s); n > MaxIDLen {
			c.fail(ptr+"/action_id", "must be at most %d characters (got %d)", MaxIDLen, n)
		}
	}
	c.text(ptr+"/placeholder", e["placeholder"], false, MaxPlaceholder, "plain_text")
	if conf, ok := e["confirm"].(map[string]any); ok {
		c.text(ptr+"/confirm/title", conf["title"], true, 100, "plain_text")
		c.text(ptr+"/confirm/text", conf["text"], true, 300, "plain_text", "mrkdwn")
		c.text(ptr+"/confirm/confirm", conf["confirm"], true, 30, "plain_text")
		c.text(ptr+"/confirm/deny", conf["deny"], true, 30, "plain_text")
	}
	typ, _ := e["type"].(string)
	switch typ {
	case "button":
		c.text(ptr+"/text", e["text"], true, MaxButtonText, "plain_text")
		c.maxString(ptr+"/value", e["value"], MaxButtonValue)
		c.maxString(ptr+"/url", e["url"], MaxURL)
	case "static_select", "multi_static_select":
		c.selectOptions(ptr, e, MaxSelectOptions)
	case "overflow":
		c.options(ptr+"/options", e["options"], 1, MaxOverflowOptions, "plain_text")
	case "radio_buttons":
		c.options(ptr+"/options", e["options"], 1, MaxRadioOptions, "plain_text", "mrkdwn")
	case "checkboxes":
		c.options(ptr+"/options", e["options"], 1, MaxCheckboxOptions, "plain_text", "mrkdwn")
	case "plain_text_input":
		c.maxNumber(ptr+"/max_length", e["max_length"], MaxInputMaxLength)
		c.maxNumber(ptr+"/min_length", e["min_length"], MaxInputMaxLength)
	case "image":
		c.image(ptr, e)
	case "external_select", "multi_external_select", "users_select", "multi_users_select",
		"conversations_select", "multi_conversations_select", "channels_select",
		"multi_channels_select", "datepicker", "timepicker", "datetimepicker",
		"number_input", "email_text_input", "url_text_input", "rich_text_input",
		"file_input", "workflow_button":
	default:
		c.fail(ptr+"/type", "unsupported element type %q", typ)
	}
}

func (c *blockChecker) selectOptions(ptr string, e map[string]any, limit int) {
	_, hasOpts := e["options"]
	_, hasGroups := e["option_groups"]
	if hasOpts && hasGroups {
		c.fail(ptr, "options and option_groups are mutually exclusive")
	}
	if !hasOpts && !hasGroups {
		c.fail(ptr+"/options", "options or option_groups is required")
	}
	if hasOpts {
		c.options(ptr+"/options", e["options"], 1, limit, "plain_text")
	}
	if hasGroups {
		for i, g := range c.list(ptr+"/option_groups", e["option_groups"], 1, limit) {
			p := ptr + "/option_groups/" + strconv.Itoa(i)
			gm, _ := g.(map[string]any)
			c.text(p+"/label", gm["label"], true, MaxOptionText, "plain_text")
			c.options(p+"/options", gm["options"], 1, limit, "plain_text")
		}
	}
}

func (c *blockChecker) options(ptr string, v any, lo, hi int, textTypes ...string) {
	for i, o := range c.list(ptr, v, lo, hi) {
		p := ptr + "/" + strconv.Itoa(i)
		om, ok := o.(map[string]any)
		if !ok {
			c.fail(p, "option must be an object")
			continue
		}
		c.text(p+"/text", om["text"], true, MaxOptionText, textTypes...)
		c.text(p+"/description", om["description"], false, MaxOptionDescription, textTypes...)
		c.maxString(p+"/value", om["value"], MaxOptionValue)
	}
}

// list checks that v is an array with lo..hi items and returns it.
func (c *blockChecker) list(ptr string, v any, lo, hi int) []any {
	if v == nil {
		if lo > 0 {
			c.fail(ptr, "is required")
		}
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		c.fail(ptr, "must be an array")
		return nil
	}
	if len(l) < lo {
		c.fail(ptr, "must have at least %d items (got %d)", lo, len(l))
	}
	if len(l) > hi {
		c.fail(ptr, "must have at most %d items (got %d)", hi, len(l))
	}
	return l
}

// text checks a text object: its type is one of types and its text has 1..max characters.
func (c *blockChecker) text(ptr string, v any, required bool, max int, types ...string) {
	if v == nil {
		if required {
			c.fail(ptr, "is required")
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(ptr, "must be a text object")
		return
	}
	typ, _ := m["type"].(string)
	allowed := false
	for _, t := range types {
		allowed = allowed || typ == t
	}
	if !allowed {
		c.fail(ptr+"/type", "must be %s (got %q)", orList(types), typ)
	}
	s, ok := m["text"].(string)
	if !ok || s == "" {
		c.fail(ptr+"/text", "must be more than 0 characters")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		c.fail(ptr+"/text", "must be at most %d characters (got %d)", max, n)
	}
}

func orList(types []string) string {
	if len(types) == 1 {
		return types[0]
	}
	return fmt.Sprint(types)
}

func (c *blockChecker) maxString(ptr string, v any, max int) {
	if v == nil {
		return
	}
	s, ok := v.(string)
	if !ok {
		c.fail(ptr, "must be a string")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		c.fail(ptr, "must be at most %d characters (got %d)", max, n)
	}
}

func (c *blockChecker) maxNumber(ptr string, v any, max int64) {
	if v == nil {
		return
	}
	n, ok := v.(json.Number)
	if !ok {
		c.fail(ptr, "must be a number")
		return
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i > max {
		c.fail(ptr, "must be an integer from 0 to %d (got %s)", max, n)
	}
}
