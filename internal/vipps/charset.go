// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The API answers in UTF-8, but a proxy or gateway in front of it may not: a Nordic corporate
// proxy's error page in ISO-8859-1 is common. Every text the client reads from an answer is
// turned into valid UTF-8 here first, so no parser works on bytes whose length changes when
// they are decoded, and Terraform (whose protocol refuses invalid UTF-8) gets readable text.

// decodeBody returns an answer's body as valid UTF-8:
//
//   - a body with a UTF-16 byte order mark, or labelled UTF-16, is UTF-16;
//   - a body that is valid UTF-8 stays as it is, whatever its label says (random single-byte
//     text is almost never valid UTF-8, and mislabelled UTF-8 is common);
//   - a body labelled with one of the single-byte charsets proxies use (ISO-8859-1, which
//     browsers read as windows-1252, windows-1252, ISO-8859-15, US-ASCII) is decoded from it;
//   - a body with no label that is not valid UTF-8 is read as windows-1252, as browsers read
//     unlabelled legacy pages (a Nordic proxy's "Ugyldig nøkkel" in Latin-1 stays readable);
//   - a body with a label this client does not know keeps its valid UTF-8, each invalid byte
//     shown as U+FFFD.
//
// The label is the Content-Type's charset or, for an HTML page without one, its meta tag's.
func decodeBody(contentType string, body []byte) []byte {
	label := declaredCharset(contentType, body)
	if order, ok := utf16Order(label, body); ok {
		return decodeUTF16(body, order)
	}
	if utf8.Valid(body) {
		return body
	}
	if label == "" {
		label = "windows-1252"
	}
	if table, ok := singleByteCharsets[label]; ok {
		return decodeSingleByte(body, table)
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD"))
}

// declaredCharset is the charset an answer declares, lower-cased: the Content-Type's, else an
// HTML page's <meta charset> or <meta http-equiv="Content-Type" content="...; charset=...">
// within its first kilobyte, as browsers look for it. "" when none is declared.
func declaredCharset(contentType string, body []byte) string {
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		return strings.ToLower(strings.TrimSpace(params["charset"]))
	}
	head := body[:min(len(body), 1024)]
	if !strings.Contains(strings.ToLower(contentType), "html") && !bytes.HasPrefix(bytes.TrimSpace(head), []byte("<")) {
		return ""
	}
	lower := foldASCII(string(head))
	i := strings.Index(lower, "charset=")
	if i < 0 {
		return ""
	}
	label := strings.TrimLeft(lower[i+len("charset="):], `"' `)
	isLabel := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)
	}
	end := strings.IndexFunc(label, func(r rune) bool { return !isLabel(r) })
	if end >= 0 {
		label = label[:end]
	}
	return label
}

// utf16Order reports whether body is UTF-16, and in which byte order: a byte order mark says
// so whatever the label; a UTF-16 label without one means big-endian (RFC 2781) unless it names
// the order.
func utf16Order(label string, body []byte) (littleEndian, ok bool) {
	switch {
	case bytes.HasPrefix(body, []byte{0xff, 0xfe}):
		return true, true
	case bytes.HasPrefix(body, []byte{0xfe, 0xff}):
		return false, true
	case label == "utf-16le":
		return true, true
	case label == "utf-16" || label == "utf-16be":
		return false, true
	}
	return false, false
}

// decodeUTF16 decodes UTF-16 (a byte order mark and an odd last byte dropped); unpaired
// surrogates become U+FFFD.
func decodeUTF16(body []byte, littleEndian bool) []byte {
	if bytes.HasPrefix(body, []byte{0xff, 0xfe}) || bytes.HasPrefix(body, []byte{0xfe, 0xff}) {
		body = body[2:]
	}
	units := make([]uint16, len(body)/2)
	for i := range units {
		lo, hi := body[2*i], body[2*i+1]
		if !littleEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	var out bytes.Buffer
	out.Grow(len(units))
	for _, r := range utf16.Decode(units) {
		out.WriteRune(r)
	}
	return out.Bytes()
}

// decodeSingleByte decodes a single-byte charset: bytes below 0x80 are ASCII, the others are
// looked up in table (indexed from 0x80); a byte the charset leaves undefined (0) is dropped.
func decodeSingleByte(body []byte, table *[128]rune) []byte {
	var out bytes.Buffer
	out.Grow(len(body) + len(body)/4)
	for _, c := range body {
		switch r := table[c&0x7f]; {
		case c < 0x80:
			out.WriteByte(c)
		case r != 0:
			out.WriteRune(r)
		}
	}
	return out.Bytes()
}

// windows1252 is windows-1252 from 0x80: ISO-8859-1 but for 0x80–0x9F, which hold typographic
// characters instead of C1 controls. The WHATWG Encoding Standard reads "iso-8859-1",
// "latin1" and "us-ascii" as windows-1252, as every browser does, so the proxy's page reads
// here as it would in a browser.
var windows1252 = func() *[128]rune {
	var t [128]rune
	for i := range t {
		t[i] = rune(0x80 + i)
	}
	copy(t[:0x20], []rune{
		'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
		0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
	})
	return &t
}()

// iso885915 is ISO-8859-15 (Latin-9) from 0x80: ISO-8859-1 with the euro sign and seven
// letters of French, Finnish and Estonian in place of eight symbols; 0x80–0x9F are controls,
// dropped.
var iso885915 = func() *[128]rune {
	var t [128]rune
	for i := 0x20; i < len(t); i++ {
		t[i] = rune(0x80 + i)
	}
	for b, r := range map[int]rune{0xa4: '€', 0xa6: 'Š', 0xa8: 'š', 0xb4: 'Ž', 0xb8: 'ž', 0xbc: 'Œ', 0xbd: 'œ', 0xbe: 'Ÿ'} {
		t[b-0x80] = r
	}
	return &t
}()

// singleByteCharsets maps the labels of the single-byte charsets decodeBody reads (the WHATWG
// Encoding Standard's labels) to their tables.
var singleByteCharsets = func() map[string]*[128]rune {
	m := map[string]*[128]rune{}
	for _, label := range []string{
		"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
		"iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
	} {
		m[label] = windows1252
	}
	for _, label := range []string{
		"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9", "latin9",
	} {
		m[label] = iso885915
	}
	return m
}()

// foldASCII lower-cases the ASCII letters of s and nothing else, so every byte offset in the
// result is the same offset in s. (strings.ToLower changes lengths: "İ" is two bytes, its
// lower case three, and invalid UTF-8 becomes three-byte U+FFFD.)
func foldASCII(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for j := i; j < len(b); j++ {
		if c := b[j]; c >= 'A' && c <= 'Z' {
			b[j] = c + ('a' - 'A')
		}
	}
	return string(b)
}
