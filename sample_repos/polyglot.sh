#!/usr/bin/env bash
# Generate the "polyglot" sample repository: "linkshelf", a bookmarks service
# with a Python API server, a TypeScript/TSX web frontend, a C text statistics
# library (with a C++ wrapper), a Rust slug crate, and Java and Ruby clients.
#
# Usage: bash sample_repos/polyglot.sh OUTDIR/polyglot
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sr_init "${1:-}" 1709251200   # 2024-03-01

JAVA_DIR=clients/java/src/main/java/com/example/linkshelf

# py_route LINE: add an entry to the ROUTES table of server/app.py.
py_route() {
  printf '    %s\n' "$1" | insert_before '^]$' server/app.py
}

# java_add_field PREV_DECL NEW_DECL PREV_FROM NEW_FROM OF_DEFAULT JSON_KEY NAME DOC
# Adds a component to the Bookmark record and its JSON conversions.
java_add_field() {
  local f=$JAVA_DIR/Bookmark.java
  sed -i "s/^        $1) {\$/        $1,\n        $2) {/" "$f"
  sed -i "s/^                $3);\$/                $3,\n                $4);/" "$f"
  sed -i "s/List.copyOf(tags), \(.*\));\$/List.copyOf(tags), \1, $5);/" "$f"
  printf '        json.put("%s", %s);\n' "$6" "$7" | insert_before '^        return json;$' "$f"
  printf ' * @param %s %s\n' "$7" "$8" | insert_before '^ \*\/$' "$f"
}

# --------------------------------------------------------------------------
# 1. Scaffold: Python API server and TypeScript frontend
# --------------------------------------------------------------------------
write README.md <<'EOF'
# linkshelf

A small self-hosted bookmarks service.

| Directory | Language | What |
|-----------|----------|------|
| `server/` | Python | JSON API over SQLite (`python -m server.app`) |
| `web/` | TypeScript, TSX | browser frontend |
| `docs/` | Markdown | API reference and architecture notes |

Run the server with `python -m server.app` and the tests with
`python -m pytest`.
EOF

write .gitignore <<'EOF'
__pycache__/
*.pyc
*.db
node_modules/
web/dist/
EOF

write pyproject.toml <<'EOF'
[project]
name = "linkshelf-server"
version = "0.1.0"
description = "JSON API for the linkshelf bookmarks service"
requires-python = ">=3.9"

[tool.pytest.ini_options]
pythonpath = ["."]
testpaths = ["server/tests"]
EOF

write server/__init__.py <<'EOF'
"""Linkshelf bookmark server: a JSON API over SQLite."""

__version__ = "0.1.0"
EOF

write server/models.py <<'EOF'
"""Data model shared by the store and the HTTP handlers."""

from dataclasses import asdict, dataclass, field
from typing import List


@dataclass
class Bookmark:
    """A saved link. ``id`` and ``created_at`` are assigned by the store."""

    url: str
    title: str
    tags: List[str] = field(default_factory=list)
    id: int = 0
    created_at: str = ""

    def to_json(self):
        """Return a JSON-ready dict of every field."""
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        """Build and validate a Bookmark from a request body.

        Unknown keys are ignored; ``id`` and ``created_at`` are never taken
        from the client.
        """
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        known = {
            name: data[name]
            for name in cls.__dataclass_fields__
            if name in data and name not in ("id", "created_at")
        }
        bookmark = cls(**known)
        bookmark.validate()
        return bookmark

    def validate(self):
        """Raise ValueError if a field is missing or malformed."""
        if not isinstance(self.url, str) or not self.url.startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        if not isinstance(self.title, str) or not self.title.strip():
            raise ValueError("title must not be empty")
        if not all(isinstance(tag, str) and tag for tag in self.tags):
            raise ValueError("tags must be non-empty strings")
EOF

write server/store.py <<'EOF'
"""SQLite persistence for bookmarks."""

import json
import sqlite3
from datetime import datetime, timezone

from .models import Bookmark

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
"""

COLUMNS = ("id", "url", "title", "tags", "created_at")


class BookmarkStore:
    """Stores bookmarks in an SQLite database (``:memory:`` for tests)."""

    def __init__(self, path=":memory:"):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.executescript(SCHEMA)

    def _select(self, where="", params=(), suffix=""):
        """Run a SELECT of every column and return Bookmarks."""
        sql = f"SELECT {', '.join(COLUMNS)} FROM bookmarks {where} {suffix}"
        return [self._row_to_bookmark(row) for row in self.db.execute(sql, params)]

    def _row_to_bookmark(self, row):
        """Convert a database row (in COLUMNS order) to a Bookmark."""
        values = dict(zip(COLUMNS, row))
        values["tags"] = json.loads(values["tags"])
        return Bookmark(**values)

    def add(self, bookmark):
        """Insert ``bookmark``; return it with ``id`` and ``created_at`` set."""
        bookmark.created_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        values = bookmark.to_json()
        values["tags"] = json.dumps(sorted(set(values["tags"])))
        names = [column for column in COLUMNS if column != "id"]
        placeholders = ", ".join("?" for _ in names)
        cursor = self.db.execute(
            f"INSERT INTO bookmarks ({', '.join(names)}) VALUES ({placeholders})",
            [values[name] for name in names],
        )
        self.db.commit()
        bookmark.id = cursor.lastrowid
        return bookmark

    def get(self, bookmark_id):
        """Return the bookmark with ``bookmark_id``, or None."""
        found = self._select("WHERE id = ?", (bookmark_id,))
        return found[0] if found else None

    def list(self, limit=50):
        """Return at most ``limit`` bookmarks, newest first."""
        return self._select(params=(limit,), suffix="ORDER BY id DESC LIMIT ?")
EOF

write server/handlers.py <<'EOF'
"""HTTP handlers. Each takes ``(store, request)`` and returns ``(status, body)``."""

from .models import Bookmark


def list_bookmarks(store, request):
    """GET /api/bookmarks: newest bookmarks first; ``?limit=N`` caps the count."""
    try:
        limit = int(request.query.get("limit", "50"))
    except ValueError:
        return 400, {"error": "limit must be an integer"}
    return 200, {"bookmarks": [b.to_json() for b in store.list(limit)]}


def get_bookmark(store, request):
    """GET /api/bookmarks/<id>."""
    bookmark = store.get(int(request.params["id"]))
    if bookmark is None:
        return 404, {"error": "bookmark not found"}
    return 200, bookmark.to_json()


def create_bookmark(store, request):
    """POST /api/bookmarks with a JSON body; answers 201 with the stored bookmark."""
    try:
        bookmark = Bookmark.from_json(request.json())
    except (ValueError, TypeError) as exc:
        return 400, {"error": str(exc)}
    return 201, store.add(bookmark).to_json()
EOF

write server/app.py <<'EOF'
"""WSGI application: routing, JSON encoding and a development server."""

import json
import re
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

from . import handlers
from .store import BookmarkStore

# (method, path regex, handler). Keep docs/api.md in sync.
ROUTES = [
    ("GET", r"/api/bookmarks", handlers.list_bookmarks),
    ("POST", r"/api/bookmarks", handlers.create_bookmark),
    ("GET", r"/api/bookmarks/(?P<id>\d+)", handlers.get_bookmark),
]

STATUS_TEXT = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request",
               404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}


class Request:
    """The parts of a WSGI request that handlers need."""

    def __init__(self, environ, params):
        self.method = environ["REQUEST_METHOD"]
        self.path = environ.get("PATH_INFO", "/")
        self.query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.params = params
        self._environ = environ

    def json(self):
        """Decode the request body as JSON (an empty body is ``{}``)."""
        length = int(self._environ.get("CONTENT_LENGTH") or 0)
        body = self._environ["wsgi.input"].read(length) if length else b"{}"
        return json.loads(body)


class App:
    """Dispatches requests to the handler of the first matching route."""

    def __init__(self, store=None):
        self.store = store or BookmarkStore()

    def dispatch(self, method, path):
        """Return ``(handler, params)`` for a request, or ``(status, None)``."""
        allowed = False
        for route_method, pattern, handler in ROUTES:
            match = re.fullmatch(pattern, path)
            if match is None:
                continue
            if route_method == method:
                return handler, match.groupdict()
            allowed = True
        return (405 if allowed else 404), None

    def __call__(self, environ, start_response):
        handler, params = self.dispatch(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"))
        if params is None:
            status, body = handler, {"error": STATUS_TEXT[handler].lower()}
        else:
            try:
                status, body = handler(self.store, Request(environ, params))
            except ValueError as exc:
                status, body = 400, {"error": str(exc)}
        payload = b"" if body is None else json.dumps(body).encode("utf-8")
        start_response(f"{status} {STATUS_TEXT[status]}", [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
        ])
        return [payload]


def main(host="127.0.0.1", port=8080, db="linkshelf.db"):
    """Serve the API with the wsgiref development server."""
    with make_server(host, port, App(BookmarkStore(db))) as server:
        print(f"linkshelf API on http://{host}:{port}/api/")
        server.serve_forever()


if __name__ == "__main__":
    main()
EOF

write server/tests/test_handlers.py <<'EOF'
"""End-to-end tests of the WSGI app with an in-memory store."""

import io
import json

from server.app import App


def call(app, method, path, body=None, query=""):
    """Invoke the WSGI app; return ``(status code, decoded JSON body)``."""
    data = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
    }
    captured = {}

    def start_response(status, headers):
        captured["status"] = int(status.split()[0])

    payload = b"".join(app(environ, start_response))
    return captured["status"], (json.loads(payload) if payload else None)


def add(app, url="https://example.com/", title="Example", tags=("demo",), **extra):
    """Create a bookmark through the API and return its JSON."""
    status, body = call(app, "POST", "/api/bookmarks", dict(url=url, title=title, tags=list(tags), **extra))
    assert status == 201, body
    return body


def test_create_and_get():
    app = App()
    created = add(app)
    status, body = call(app, "GET", f"/api/bookmarks/{created['id']}")
    assert status == 200
    assert body["title"] == "Example"
    assert body["created_at"]


def test_list_is_newest_first_and_limited():
    app = App()
    for i in range(3):
        add(app, title=f"Bookmark {i}")
    status, body = call(app, "GET", "/api/bookmarks", query="limit=2")
    assert status == 200
    assert [b["title"] for b in body["bookmarks"]] == ["Bookmark 2", "Bookmark 1"]


def test_invalid_bookmark_is_rejected():
    status, body = call(App(), "POST", "/api/bookmarks", {"url": "ftp://x", "title": "x"})
    assert status == 400
    assert "url" in body["error"]


def test_unknown_route_and_method():
    assert call(App(), "GET", "/api/nope")[0] == 404
    assert call(App(), "DELETE", "/api/bookmarks")[0] == 405
EOF

write web/package.json <<'EOF'
{
  "name": "linkshelf-web",
  "version": "0.1.0",
  "private": true,
  "description": "Browser frontend for linkshelf",
  "scripts": {
    "typecheck": "tsc --noEmit",
    "test": "node --test --import tsx src/"
  },
  "dependencies": {
    "react": "^18.2.0",
    "react-dom": "^18.2.0"
  },
  "devDependencies": {
    "@types/react": "^18.2.0",
    "@types/react-dom": "^18.2.0",
    "tsx": "^4.7.0",
    "typescript": "^5.3.0"
  }
}
EOF

write web/tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2020",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "jsx": "react",
    "strict": true,
    "lib": ["ES2020", "DOM"],
    "noEmit": true
  },
  "include": ["src"]
}
EOF

write web/src/types.ts <<'EOF'
/** A saved link as returned by the linkshelf API. */
export interface Bookmark {
  id: number;
  url: string;
  title: string;
  tags: string[];
  created_at: string;
}

/** The fields a client sends to create a bookmark. */
export type NewBookmark = Pick<Bookmark, "url" | "title" | "tags">;
EOF

write web/src/api.ts <<'EOF'
import type { Bookmark, NewBookmark } from './types';

/** Base URL of the API; see {@link setBaseUrl}. */
let baseUrl = '/api';

/** Changes the API base URL (used by tests and the dev server). */
export function setBaseUrl(url: string): void {
  baseUrl = url.replace(/\/$/, "");
}

/** Error thrown when the API answers with a non-2xx status. */
export class ApiError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Sends a request and decodes the JSON response body. */
async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(baseUrl + path, {
    headers: { "Content-Type": "application/json" },
    ...init,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body.error ?? response.statusText);
  }
  return body as T;
}

/** Lists the newest bookmarks. */
export async function listBookmarks(limit = 50): Promise<Bookmark[]> {
  const body = await request<{ bookmarks: Bookmark[] }>(`/bookmarks?limit=${limit}`);
  return body.bookmarks;
}

/** Creates a bookmark and returns it as stored by the server. */
export function createBookmark(input: NewBookmark): Promise<Bookmark> {
  return request<Bookmark>('/bookmarks', { method: 'POST', body: JSON.stringify(input) });
}
EOF

write web/src/format.ts <<'EOF'
/** Formatting helpers for bookmark fields. */

/** Returns the host name of `url` without a leading "www.", or "" if invalid. */
export function hostname(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

/** Formats an ISO timestamp as a short date such as "3 Mar 2024". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** Shortens `text` to at most `max` characters, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + "\u2026";
}
EOF

write web/src/__tests__/format.test.ts <<'EOF'
import { strict as assert } from "node:assert";
import { test } from "node:test";

import { formatDate, hostname, truncate } from "../format";

test("hostname strips www and ignores invalid URLs", () => {
  assert.equal(hostname("https://www.example.com/a?b=c"), "example.com");
  assert.equal(hostname("not a url"), "");
});

test("formatDate renders a short date", () => {
  assert.equal(formatDate("2024-03-05T10:00:00+00:00"), "5 Mar 2024");
  assert.equal(formatDate("garbage"), "");
});

test("truncate keeps short text and shortens long text", () => {
  assert.equal(truncate("short", 10), "short");
  assert.equal(truncate("a long title", 6), "a lon\u2026");
});
EOF

write web/src/components/BookmarkList.tsx <<'EOF'
import React from "react";

import { formatDate, hostname } from "../format";
import type { Bookmark } from "../types";

/** Props of {@link BookmarkList}. */
export interface BookmarkListProps {
  bookmarks: Bookmark[];
  onSelectTag?: (tag: string) => void;
}

/** Renders bookmarks as a list with their host, date and tags. */
export function BookmarkList({ bookmarks, onSelectTag }: BookmarkListProps): JSX.Element {
  if (bookmarks.length === 0) {
    return <p className="empty">No bookmarks yet.</p>;
  }
  return (
    <ul className="bookmarks">
      {bookmarks.map((bookmark) => (
        <li key={bookmark.id}>
          <a href={bookmark.url}>{bookmark.title}</a>
          <span className="host">{hostname(bookmark.url)}</span>
          <time dateTime={bookmark.created_at}>{formatDate(bookmark.created_at)}</time>
          <TagList tags={bookmark.tags} onSelect={onSelectTag} />
        </li>
      ))}
    </ul>
  );
}

/** Renders tags as buttons that report the clicked tag. */
function TagList({ tags, onSelect }: { tags: string[]; onSelect?: (tag: string) => void }): JSX.Element {
  return (
    <span className="tags">
      {tags.map((tag) => (
        <button key={tag} type="button" onClick={() => onSelect?.(tag)}>
          #{tag}
        </button>
      ))}
    </span>
  );
}
EOF

write web/src/main.tsx <<'EOF'
import React, { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

import { listBookmarks } from "./api";
import { BookmarkList } from "./components/BookmarkList";
import type { Bookmark } from "./types";

/** Top-level component: loads the bookmarks and shows them. */
function App(): JSX.Element {
  const [bookmarks, setBookmarks] = useState<Bookmark[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listBookmarks()
      .then(setBookmarks)
      .catch((err: Error) => setError(err.message));
  }, []);

  return (
    <main>
      <h1>Linkshelf</h1>
      {error && <p className="error">{error}</p>}
      <BookmarkList bookmarks={bookmarks} />
    </main>
  );
}

const container = document.getElementById("root");
if (container) {
  createRoot(container).render(<App />);
}
EOF

write web/src/legacy/highlight.js <<'EOF'
// Highlights search terms in bookmark titles for browsers without the CSS
// Custom Highlight API.
"use strict";

/**
 * Escapes characters that have a meaning in regular expressions.
 * @param {string} text
 * @returns {string}
 */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Wraps every case-insensitive occurrence of `term` in `element` with <mark>.
 * @param {HTMLElement} element
 * @param {string} term
 */
function highlight(element, term) {
  if (!term) {
    return;
  }
  const pattern = new RegExp("(" + escapeRegExp(term) + ")", "gi");
  element.innerHTML = element.textContent.replace(pattern, "<mark>$1</mark>");
}

module.exports = { escapeRegExp, highlight };
EOF

write docs/api.md <<'EOF'
# linkshelf HTTP API

All endpoints live under `/api`, take and return JSON, and report errors as
`{"error": "message"}` with a 4xx status.

## Endpoints

| Method | Path | Description |
|--------|------|-------------|
| GET | `/api/bookmarks?limit=N` | newest bookmarks, `{"bookmarks": [...]}` |
| POST | `/api/bookmarks` | create a bookmark; 201 with the stored bookmark |
| GET | `/api/bookmarks/<id>` | one bookmark; 404 if unknown |

## Bookmark fields

| Field | Type | Notes |
|-------|------|-------|
| `id` | integer | assigned by the server |
| `url` | string | must start with `http://` or `https://` |
| `title` | string | required |
| `tags` | list of strings | stored sorted and without duplicates |
| `created_at` | string | ISO 8601, set by the server |
EOF

commit "Initial scaffold with Python API server and TypeScript frontend" \
"WSGI app with a route table over an SQLite store, and a React frontend
that lists bookmarks."

# --------------------------------------------------------------------------
# 2. Native C library
# --------------------------------------------------------------------------
sr_author bob
write native/tokenize.h <<'EOF'
/* Word tokenizer shared by the text statistics functions. */
#ifndef LINKSHELF_TOKENIZE_H
#define LINKSHELF_TOKENIZE_H

#include <stddef.h>

/* Callback invoked for each word: start of the word, its length in bytes
 * and the user pointer passed to ts_tokenize. */
typedef void (*ts_token_fn)(const char *start, size_t len, void *user);

/* Returns nonzero if c can be part of a word: ASCII letters, digits and the
 * apostrophe. */
int ts_is_word_char(int c);

/* Calls fn (which may be NULL) for every word in the NUL-terminated string
 * text and returns the number of words. */
size_t ts_tokenize(const char *text, ts_token_fn fn, void *user);

#endif /* LINKSHELF_TOKENIZE_H */
EOF

write native/tokenize.c <<'EOF'
#include "tokenize.h"

#include <ctype.h>

int ts_is_word_char(int c)
{
    return (c < 128 && isalnum(c)) || c == '\'';
}

size_t ts_tokenize(const char *text, ts_token_fn fn, void *user)
{
    size_t count = 0;
    const unsigned char *p = (const unsigned char *)text;

    while (*p) {
        while (*p && !ts_is_word_char(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        const unsigned char *start = p;
        while (*p && ts_is_word_char(*p)) {
            p++;
        }
        if (fn) {
            fn((const char *)start, (size_t)(p - start), user);
        }
        count++;
    }
    return count;
}
EOF

write native/textstats.h <<'EOF'
/* Text statistics used to summarise bookmarked pages.
 *
 * All functions take NUL-terminated UTF-8 text. Words are runs of ASCII
 * letters, digits and apostrophes (see tokenize.h). */
#ifndef LINKSHELF_TEXTSTATS_H
#define LINKSHELF_TEXTSTATS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the number of words in text. */
size_t ts_word_count(const char *text);

/* Returns the length in bytes of the longest word in text. */
size_t ts_longest_word(const char *text);

#ifdef __cplusplus
}
#endif

#endif /* LINKSHELF_TEXTSTATS_H */
EOF

write native/textstats.c <<'EOF'
#include "textstats.h"
#include "tokenize.h"

size_t ts_word_count(const char *text)
{
    return ts_tokenize(text, NULL, NULL);
}

/* Token callback that keeps the maximum length seen in *user. */
static void track_longest(const char *start, size_t len, void *user)
{
    size_t *longest = user;
    (void)start;
    if (len > *longest) {
        *longest = len;
    }
}

size_t ts_longest_word(const char *text)
{
    size_t longest = 0;
    ts_tokenize(text, track_longest, &longest);
    return longest;
}
EOF

write native/test_textstats.c <<'EOF'
/* Unit tests for the text statistics library: make -C native test */
#include <stdio.h>

#include "textstats.h"
#include "tokenize.h"

static int failures = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static void test_word_count(void)
{
    CHECK(ts_word_count("") == 0);
    CHECK(ts_word_count("   ") == 0);
    CHECK(ts_word_count("Hello, world!") == 2);
    CHECK(ts_word_count("it's a dog's life") == 4);
}

static void test_longest_word(void)
{
    CHECK(ts_longest_word("a bb ccc") == 3);
    CHECK(ts_longest_word("") == 0);
}

static void test_non_ascii_separates_words(void)
{
    CHECK(ts_word_count("caf\xc3\xa9 au lait") == 3);
    CHECK(ts_is_word_char('\'') != 0);
}

int main(void)
{
    test_word_count();
    test_longest_word();
    test_non_ascii_separates_words();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all textstats tests passed\n");
    return 0;
}
EOF

write native/Makefile <<'EOF'
CC ?= cc
CFLAGS ?= -O2 -Wall -Wextra -std=c99 -fPIC

OBJS = textstats.o tokenize.o

.PHONY: all test clean

all: libtextstats.so

libtextstats.so: $(OBJS)
	$(CC) -shared -o $@ $(OBJS)

test_textstats: test_textstats.o $(OBJS)
	$(CC) -o $@ test_textstats.o $(OBJS)

test: test_textstats
	./test_textstats

%.o: %.c textstats.h tokenize.h
	$(CC) $(CFLAGS) -c -o $@ $<

clean:
	rm -f *.o *.so test_textstats
EOF
printf '*.o\n*.so\ntest_textstats\n' > native/.gitignore
commit "Add native text statistics library in C" \
"Word count and longest word over a shared tokenizer, built as
libtextstats.so, with unit tests run by make -C native test."

# --------------------------------------------------------------------------
# FEATURE: text statistics endpoint backed by the C library
write server/textstats.py <<'EOF'
"""Text statistics backed by the native C library, with a Python fallback.

The shared library is built from ``native/`` with ``make -C native``. When
it is missing (or LINKSHELF_NATIVE=0), pure-Python implementations that
follow the same rules are used instead.
"""

import ctypes
import os
import re

_DEFAULT_LIB = os.path.join(os.path.dirname(__file__), "..", "native", "libtextstats.so")
_WORD = re.compile(r"[A-Za-z0-9']+")

# C function name -> (argument types, return type)
_SIGNATURES = {
    "ts_word_count": ([ctypes.c_char_p], ctypes.c_size_t),
    "ts_longest_word": ([ctypes.c_char_p], ctypes.c_size_t),
}


def _load():
    """Load the shared library and declare its signatures, or return None."""
    if os.environ.get("LINKSHELF_NATIVE") == "0":
        return None
    try:
        lib = ctypes.CDLL(os.environ.get("LINKSHELF_TEXTSTATS", _DEFAULT_LIB))
    except OSError:
        return None
    for name, (argtypes, restype) in _SIGNATURES.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype
    return lib


_lib = _load()


def words(text):
    """Return the words of ``text`` as the C tokenizer sees them."""
    return _WORD.findall(text)


def word_count(text):
    """Return the number of words in ``text``."""
    if _lib is not None:
        return _lib.ts_word_count(text.encode("utf-8"))
    return len(words(text))


def longest_word(text):
    """Return the length in bytes of the longest word in ``text``."""
    if _lib is not None:
        return _lib.ts_longest_word(text.encode("utf-8"))
    return max((len(word) for word in words(text)), default=0)


def analyze(text):
    """Return every statistic for ``text`` as a JSON-ready dict."""
    return {
        "native": _lib is not None,
        "words": word_count(text),
        "longest_word": longest_word(text),
    }
EOF

append server/handlers.py <<'EOF'


def text_stats(store, request):
    """POST /api/textstats: statistics about ``{"text": "..."}``."""
    text = request.json().get("text", "")
    if not isinstance(text, str):
        return 400, {"error": "text must be a string"}
    return 200, textstats.analyze(text)
EOF
sed -i 's/^from .models import Bookmark$/from . import textstats\n&/' server/handlers.py
py_route '("POST", r"/api/textstats", handlers.text_stats),'

write server/tests/test_textstats.py <<'EOF'
"""Tests for the text statistics module (native or fallback) and endpoint."""

from server import textstats
from server.app import App
from server.tests.test_handlers import call


def test_word_count_matches_c_rules():
    assert textstats.word_count("Hello, world!") == 2
    assert textstats.word_count("it's a dog's life") == 4
    assert textstats.word_count("caf\u00e9 au lait") == 3


def test_longest_word():
    assert textstats.longest_word("a bb ccc") == 3
    assert textstats.longest_word("") == 0


def test_endpoint():
    status, body = call(App(), "POST", "/api/textstats", {"text": "one two three"})
    assert status == 200
    assert body["words"] == 3


def test_endpoint_rejects_non_string():
    assert call(App(), "POST", "/api/textstats", {"text": 42})[0] == 400
EOF
write server/tests/__init__.py <<'EOF'
EOF

sed -i 's/^| GET | `\/api\/bookmarks\/<id>` | one bookmark; 404 if unknown |$/&\n| POST | `\/api\/textstats` | statistics about `{"text"}`: word count, longest word |/' docs/api.md
commit "Add text statistics endpoint backed by the native C library" \
"server/textstats.py loads native/libtextstats.so through ctypes and falls
back to equivalent Python code when the library is not built."

# --------------------------------------------------------------------------
# 4. Rust crate
# --------------------------------------------------------------------------
sr_author chen
write crates/slugkit/Cargo.toml <<'EOF'
[package]
name = "slugkit"
version = "0.1.0"
edition = "2021"
description = "URL-safe slugs for linkshelf bookmark permalinks"
license = "MIT"

[dependencies]
EOF
printf '/target\nCargo.lock\n' > crates/slugkit/.gitignore

write crates/slugkit/src/lib.rs <<'EOF'
//! slugkit turns bookmark titles into short, URL-safe slugs.
//!
//! ```
//! assert_eq!(slugkit::slugify("Hello, World!"), "hello-world");
//! ```

mod normalize;
mod slug;

pub use crate::normalize::collapse_whitespace;
pub use crate::slug::{slugify, slugify_with, SlugOptions};
EOF

write crates/slugkit/src/normalize.rs <<'EOF'
//! Whitespace and character class helpers shared by the slug functions.

/// Collapses runs of whitespace into single spaces and trims both ends.
pub fn collapse_whitespace(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Returns true for characters that may appear in a slug unchanged.
pub(crate) fn is_slug_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_runs_and_trims() {
        assert_eq!(collapse_whitespace("  a \t b\n"), "a b");
    }

    #[test]
    fn only_ascii_alphanumerics_are_slug_chars() {
        assert!(is_slug_char('a'));
        assert!(is_slug_char('7'));
        assert!(!is_slug_char('-'));
        assert!(!is_slug_char('\u{e9}'));
    }
}
EOF

write crates/slugkit/src/slug.rs <<'EOF'
//! Slug generation.

use crate::normalize::{collapse_whitespace, is_slug_char};

/// Options controlling [`slugify_with`].
#[derive(Debug, Clone)]
pub struct SlugOptions {
    /// Maximum slug length in bytes; longer slugs are cut at a separator.
    pub max_len: usize,
    /// Separator placed between words.
    pub separator: char,
}

impl Default for SlugOptions {
    fn default() -> Self {
        SlugOptions { max_len: 60, separator: '-' }
    }
}

/// Turns `title` into a lowercase slug using the default options.
pub fn slugify(title: &str) -> String {
    slugify_with(title, &SlugOptions::default())
}

/// Turns `title` into a slug: ASCII letters and digits are kept (lowercased),
/// every other run of characters becomes one separator.
pub fn slugify_with(title: &str, options: &SlugOptions) -> String {
    let mut slug = String::new();
    let mut pending_separator = false;
    for c in collapse_whitespace(title).chars() {
        if is_slug_char(c) {
            if pending_separator && !slug.is_empty() {
                slug.push(options.separator);
            }
            pending_separator = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_separator = true;
        }
    }
    truncate(&slug, options.max_len, options.separator)
}

/// Cuts `slug` to at most `max_len` bytes, preferring a separator boundary.
fn truncate(slug: &str, max_len: usize, separator: char) -> String {
    if slug.len() <= max_len {
        return slug.to_string();
    }
    let window = &slug[..max_len];
    match window.rfind(separator) {
        Some(pos) if pos > 0 => slug[..pos].to_string(),
        _ => window.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_joins_words() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Rust -- 2024 edition "), "rust-2024-edition");
    }

    #[test]
    fn custom_separator() {
        let options = SlugOptions { separator: '_', ..SlugOptions::default() };
        assert_eq!(slugify_with("a b c", &options), "a_b_c");
    }

    #[test]
    fn long_words_are_cut() {
        let options = SlugOptions { max_len: 4, ..SlugOptions::default() };
        assert_eq!(slugify_with("abcdefgh", &options), "abcd");
    }
}
EOF
commit "Add slugkit Rust crate for URL-safe bookmark slugs"

# --------------------------------------------------------------------------
sed -i 's/^    let window = &slug\[..max_len\];$/    \/\/ Look one byte past the limit: a separator there means the word\n    \/\/ before it fits completely.\n    let window = \&slug[..=max_len];/' crates/slugkit/src/slug.rs
sed -i 's/^        _ => window.to_string(),$/        _ => slug[..max_len].to_string(),/' crates/slugkit/src/slug.rs
append crates/slugkit/src/slug.rs <<'EOF'

#[cfg(test)]
mod truncate_tests {
    use super::*;

    #[test]
    fn keeps_a_word_that_ends_exactly_at_the_limit() {
        let options = SlugOptions { max_len: 10, ..SlugOptions::default() };
        assert_eq!(slugify_with("alpha beta gamma", &options), "alpha-beta");
    }
}
EOF
commit "Fix slug truncation dropping a word that ends at the limit"

# --------------------------------------------------------------------------
# 6. Java client
# --------------------------------------------------------------------------
sr_author dana
write clients/java/pom.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>linkshelf-client</artifactId>
  <version>0.1.0</version>
  <name>linkshelf Java client</name>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
</project>
EOF

write $JAVA_DIR/Json.java <<'EOF'
package com.example.linkshelf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Minimal JSON support for the linkshelf API: parsing and writing. */
final class Json {
    private Json() {
    }

    /** Parses a document into maps, lists, strings, doubles, booleans and null. */
    static Object parse(String text) {
        return new JsonParser(text).parseDocument();
    }

    /** Casts a parsed value to a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /** Casts a parsed value to a JSON array; null becomes an empty list. */
    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        if (value == null) {
            return new ArrayList<>();
        }
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array");
        }
        return (List<Object>) value;
    }

    /** Serialises maps, lists, strings, numbers, booleans and null. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value);
        return out.toString();
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(sep);
                writeString(out, String.valueOf(entry.getKey()));
                out.append(':');
                writeValue(out, entry.getValue());
                sep = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String sep = "";
            for (Object item : list) {
                out.append(sep);
                writeValue(out, item);
                sep = ",";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
EOF

write $JAVA_DIR/JsonParser.java <<'EOF'
package com.example.linkshelf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recursive-descent JSON parser behind {@link Json#parse}. */
final class JsonParser {
    private final String text;
    private int pos;

    JsonParser(String text) {
        this.text = text;
    }

    /** Parses the whole input as one value; trailing non-blank text is an error. */
    Object parseDocument() {
        Object value = value();
        skipWhitespace();
        if (pos != text.length()) {
            throw error("trailing characters");
        }
        return value;
    }

    private Object value() {
        skipWhitespace();
        return switch (peek()) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> result = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return result;
        }
        while (true) {
            skipWhitespace();
            String key = string();
            skipWhitespace();
            expect(':');
            result.put(key, value());
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return result;
            }
            expect(',');
        }
    }

    private List<Object> array() {
        List<Object> result = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return result;
        }
        while (true) {
            result.add(value());
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return result;
            }
            expect(',');
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (peek() != '"') {
            char c = text.charAt(pos++);
            if (c == '\\') {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        pos++;
        return out.toString();
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private Double number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected character");
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + message);
    }
}
EOF

write $JAVA_DIR/Bookmark.java <<'EOF'
package com.example.linkshelf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bookmark as returned by the linkshelf API.
 *
 * @param id server-assigned identifier, 0 for bookmarks not saved yet
 * @param url the bookmarked address
 * @param title human-readable title
 * @param tags lowercase tags
 * @param createdAt ISO 8601 creation time set by the server
 */
public record Bookmark(
        long id,
        String url,
        String title,
        List<String> tags,
        String createdAt) {

    /** Creates an unsaved bookmark with the given URL, title and tags. */
    public static Bookmark of(String url, String title, List<String> tags) {
        return new Bookmark(0, url, title, List.copyOf(tags), "");
    }

    /** Builds a bookmark from a decoded JSON object. */
    static Bookmark fromJson(Map<String, Object> json) {
        List<String> tags = new ArrayList<>();
        for (Object tag : Json.asList(json.get("tags"))) {
            tags.add((String) tag);
        }
        return new Bookmark(
                ((Number) json.getOrDefault("id", 0)).longValue(),
                (String) json.get("url"),
                (String) json.get("title"),
                tags,
                (String) json.getOrDefault("created_at", ""));
    }

    /** Returns the JSON object sent when creating this bookmark. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("title", title);
        json.put("tags", tags);
        return json;
    }
}
EOF

write $JAVA_DIR/LinkshelfClient.java <<'EOF'
package com.example.linkshelf;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Blocking client for the linkshelf bookmarks API.
 *
 * <pre>{@code
 * LinkshelfClient client = new LinkshelfClient(URI.create("http://localhost:8080/api/"));
 * client.createBookmark(Bookmark.of("https://example.com", "Example", List.of("demo")));
 * }</pre>
 */
public final class LinkshelfClient {
    private final HttpClient http;
    private final URI baseUri;

    /** Creates a client for the API rooted at {@code baseUri}, which should end with a slash. */
    public LinkshelfClient(URI baseUri) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.baseUri = baseUri;
    }

    /** Lists the newest bookmarks, at most {@code limit} of them. */
    public List<Bookmark> listBookmarks(int limit) throws IOException, InterruptedException {
        Map<String, Object> body = Json.asObject(send("GET", "bookmarks?limit=" + limit, null));
        return bookmarks(body.get("bookmarks"));
    }

    /** Creates a bookmark and returns it as stored by the server. */
    public Bookmark createBookmark(Bookmark bookmark) throws IOException, InterruptedException {
        return Bookmark.fromJson(Json.asObject(send("POST", "bookmarks", Json.write(bookmark.toJson()))));
    }

    /** Converts a JSON array of bookmark objects. */
    static List<Bookmark> bookmarks(Object array) {
        List<Bookmark> result = new ArrayList<>();
        for (Object item : Json.asList(array)) {
            result.add(Bookmark.fromJson(Json.asObject(item)));
        }
        return result;
    }

    /** URL-encodes a query parameter value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Sends a request and returns the decoded JSON body; non-2xx statuses throw. */
    private Object send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " for " + method + " " + path
                    + ": " + response.body());
        }
        return response.body().isEmpty() ? null : Json.parse(response.body());
    }
}
EOF
commit "Add Java client library for the bookmarks API" \
"Dependency-free: java.net.http for transport and a small JSON reader and
writer. Bookmark is a record mirroring the API's JSON."

# --------------------------------------------------------------------------
# 7. Ruby client
# --------------------------------------------------------------------------
write clients/ruby/linkshelf.gemspec <<'EOF'
# frozen_string_literal: true

require_relative "lib/linkshelf/version"

Gem::Specification.new do |spec|
  spec.name = "linkshelf"
  spec.version = Linkshelf::VERSION
  spec.summary = "Ruby client for the linkshelf bookmarks API"
  spec.authors = ["Dana Kowalski"]
  spec.license = "MIT"
  spec.files = Dir["lib/**/*.rb"]
  spec.required_ruby_version = ">= 3.0"
end
EOF

write clients/ruby/lib/linkshelf/version.rb <<'EOF'
# frozen_string_literal: true

module Linkshelf
  # Version of the client gem.
  VERSION = "0.1.0"
end
EOF

write clients/ruby/lib/linkshelf.rb <<'EOF'
# frozen_string_literal: true

require_relative "linkshelf/version"
require_relative "linkshelf/bookmark"
require_relative "linkshelf/client"

# Ruby client for the linkshelf bookmarks API.
#
#   client = Linkshelf::Client.new("http://localhost:8080/api/")
#   client.create(Linkshelf::Bookmark.new(url: "https://ruby-lang.org", title: "Ruby", tags: ["lang"]))
module Linkshelf
  # Raised when the API answers with a non-2xx status.
  class Error < StandardError; end
end
EOF

write clients/ruby/lib/linkshelf/bookmark.rb <<'EOF'
# frozen_string_literal: true

module Linkshelf
  # A bookmark as returned by the linkshelf API.
  Bookmark = Struct.new(:id, :url, :title, :tags, :created_at, keyword_init: true) do
    # Builds a Bookmark from a parsed JSON hash, ignoring unknown keys.
    def self.from_json(hash)
      new(**hash.transform_keys(&:to_sym).slice(*members))
    end

    # Returns the attributes sent when creating the bookmark.
    def to_json_hash
      to_h.reject { |key, value| %i[id created_at].include?(key) || value.nil? }
    end
  end
end
EOF

write clients/ruby/lib/linkshelf/client.rb <<'EOF'
# frozen_string_literal: true

require "json"
require "net/http"
require "uri"

module Linkshelf
  # Blocking HTTP client for the linkshelf API.
  class Client
    # Creates a client for the API rooted at +base_url+, e.g. "http://localhost:8080/api/".
    def initialize(base_url, open_timeout: 5, read_timeout: 10)
      @base = URI(base_url.end_with?("/") ? base_url : "#{base_url}/")
      @open_timeout = open_timeout
      @read_timeout = read_timeout
    end

    # Returns the newest bookmarks, at most +limit+.
    def bookmarks(limit: 50)
      request(:get, "bookmarks?limit=#{limit}").fetch("bookmarks").map { |h| Bookmark.from_json(h) }
    end

    # Creates +bookmark+ and returns it as stored by the server.
    def create(bookmark)
      Bookmark.from_json(request(:post, "bookmarks", bookmark.to_json_hash))
    end

    private

    # Sends a request and returns the parsed JSON body (nil for empty bodies).
    def request(method, path, body = nil)
      uri = @base + path
      req = Net::HTTP.const_get(method.to_s.capitalize).new(uri)
      req.body = JSON.generate(body) if body
      response = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https",
                                                     open_timeout: @open_timeout,
                                                     read_timeout: @read_timeout) do |http|
        http.request(req)
      end
      raise Error, "HTTP #{response.code} for #{method.upcase} #{path}" unless response.is_a?(Net::HTTPSuccess)

      response.body.to_s.empty? ? nil : JSON.parse(response.body)
    end
  end
end
EOF
commit "Add Ruby client gem for the bookmarks API"

# --------------------------------------------------------------------------
# 8. Web build scripts (JavaScript)
# --------------------------------------------------------------------------
sr_author alice
write web/scripts/build.js <<'EOF'
#!/usr/bin/env node
// Bundles src/main.tsx into dist/app.js with esbuild.
// Usage: node scripts/build.js [--watch]
"use strict";

const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** esbuild options shared by one-off and watch builds. */
const options = {
  entryPoints: [path.join(root, "src", "main.tsx")],
  outfile: path.join(root, "dist", "app.js"),
  bundle: true,
  minify: process.env.NODE_ENV === "production",
  sourcemap: true,
  target: ["es2020"],
  define: { "process.env.NODE_ENV": JSON.stringify(process.env.NODE_ENV || "development") },
};

async function main() {
  const esbuild = require("esbuild");
  if (process.argv.includes("--watch")) {
    const context = await esbuild.context(options);
    await context.watch();
    console.log("watching for changes...");
    return;
  }
  const result = await esbuild.build({ ...options, metafile: true });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
  console.log(`built ${path.relative(root, options.outfile)} (${bytes} bytes)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
EOF

write web/scripts/check-size.js <<'EOF'
#!/usr/bin/env node
// Fails when the production bundle grows beyond the budget.
// Usage: node scripts/check-size.js [budget-in-kB]
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const DEFAULT_BUDGET_KB = 180;

/**
 * Returns the size of `file` in kilobytes, or null if it does not exist.
 * @param {string} file
 * @returns {number | null}
 */
function sizeKb(file) {
  try {
    return fs.statSync(file).size / 1024;
  } catch (err) {
    if (err.code === "ENOENT") {
      return null;
    }
    throw err;
  }
}

const budget = Number(process.argv[2] || DEFAULT_BUDGET_KB);
const bundle = path.resolve(__dirname, "..", "dist", "app.js");
const size = sizeKb(bundle);
if (size === null) {
  console.error(`${bundle} not found; run "npm run build" first`);
  process.exit(2);
}
console.log(`bundle: ${size.toFixed(1)} kB (budget ${budget} kB)`);
process.exit(size > budget ? 1 : 0);
EOF
sed -i 's/^    "typecheck": "tsc --noEmit",$/    "build": "NODE_ENV=production node scripts\/build.js",\n    "size": "node scripts\/check-size.js",\n&/' web/package.json
sed -i 's/^    "@types\/react-dom": "^18.2.0",$/&\n    "esbuild": "^0.20.0",/' web/package.json
commit "Add web build script and bundle size check"

# --------------------------------------------------------------------------
# FEATURE (endpoint): search
append server/store.py <<'EOF'

    def search(self, query, limit=50):
        """Return bookmarks whose title or URL contains ``query`` (case-insensitive)."""
        pattern = f"%{query.lower()}%"
        return self._select(
            "WHERE lower(title) LIKE ? OR lower(url) LIKE ?",
            (pattern, pattern, limit),
            "ORDER BY id DESC LIMIT ?",
        )
EOF

append server/handlers.py <<'EOF'


def search_bookmarks(store, request):
    """GET /api/search?q=TEXT: bookmarks whose title or URL contains TEXT."""
    query = request.query.get("q", "").strip()
    if not query:
        return 400, {"error": "missing query parameter q"}
    return 200, {"bookmarks": [b.to_json() for b in store.search(query)]}
EOF
py_route '("GET", r"/api/search", handlers.search_bookmarks),'

append server/tests/test_handlers.py <<'EOF'


def test_search_matches_title_and_url():
    app = App()
    add(app, url="https://docs.python.org/3/", title="Python docs")
    add(app, url="https://go.dev/", title="The Go language")
    add(app, url="https://example.com/python-tips", title="Tips")
    status, body = call(app, "GET", "/api/search", query="q=PYTHON")
    assert status == 200
    assert sorted(b["title"] for b in body["bookmarks"]) == ["Python docs", "Tips"]


def test_search_requires_query():
    assert call(App(), "GET", "/api/search")[0] == 400
EOF

append web/src/api.ts <<'EOF'

/** Finds bookmarks whose title or URL contains `query`. */
export async function searchBookmarks(query: string): Promise<Bookmark[]> {
  const body = await request<{ bookmarks: Bookmark[] }>(`/search?q=${encodeURIComponent(query)}`);
  return body.bookmarks;
}
EOF

insert_before '^    /\*\* Converts a JSON array of bookmark objects. \*\/$' $JAVA_DIR/LinkshelfClient.java <<'EOF'
    /** Finds bookmarks whose title or URL contains {@code query}, ignoring case. */
    public List<Bookmark> search(String query) throws IOException, InterruptedException {
        Map<String, Object> body = Json.asObject(send("GET", "search?q=" + encode(query), null));
        return bookmarks(body.get("bookmarks"));
    }

EOF

insert_before '^    private$' clients/ruby/lib/linkshelf/client.rb <<'EOF'
    # Returns bookmarks whose title or URL contains +query+, ignoring case.
    def search(query)
      path = "search?q=#{URI.encode_www_form_component(query)}"
      request(:get, path).fetch("bookmarks").map { |h| Bookmark.from_json(h) }
    end

EOF

sed -i 's/^| GET | `\/api\/bookmarks\/<id>` | one bookmark; 404 if unknown |$/&\n| GET | `\/api\/search?q=TEXT` | bookmarks whose title or URL contains TEXT |/' docs/api.md
commit "Add search endpoint matching titles and URLs to server and clients" \
"GET /api/search?q= in the server, searchBookmarks() in the web API module,
LinkshelfClient.search in Java and Client#search in Ruby."

# --------------------------------------------------------------------------
# FEATURE (field): notes
sr_author bob
sed -i 's/^    created_at: str = ""$/&\n    notes: str = ""/' server/models.py
sed -i "s/^    created_at TEXT NOT NULL\$/    notes TEXT NOT NULL DEFAULT '',\n&/" server/store.py
sed -i 's/^COLUMNS = ("id", "url", "title", "tags", "created_at")$/COLUMNS = ("id", "url", "title", "tags", "created_at", "notes")/' server/store.py
sed -i 's/^        if not all(isinstance(tag, str) and tag for tag in self.tags):$/        if not isinstance(self.notes, str) or len(self.notes) > 2000:\n            raise ValueError("notes must be a string of at most 2000 characters")\n&/' server/models.py
append server/tests/test_handlers.py <<'EOF'


def test_notes_round_trip():
    app = App()
    created = add(app, notes="Read the section on generators.")
    status, body = call(app, "GET", f"/api/bookmarks/{created['id']}")
    assert body["notes"] == "Read the section on generators."
    assert add(app)["notes"] == ""
EOF

sed -i 's/^  created_at: string;$/&\n  \/** Free-form notes; empty when none were written. *\/\n  notes: string;/' web/src/types.ts
sed -i 's/^export type NewBookmark = Pick<Bookmark, "url" | "title" | "tags">;$/export type NewBookmark = Pick<Bookmark, "url" | "title" | "tags"> \& Partial<Pick<Bookmark, "notes">>;/' web/src/types.ts
sed -i 's/^          <TagList tags={bookmark.tags} onSelect={onSelectTag} \/>$/&\n          {bookmark.notes \&\& <p className="notes">{truncate(bookmark.notes, 140)}<\/p>}/' web/src/components/BookmarkList.tsx
sed -i 's/^import { formatDate, hostname } from "..\/format";$/import { formatDate, hostname, truncate } from "..\/format";/' web/src/components/BookmarkList.tsx

java_add_field "String createdAt" "String notes" \
  '(String) json.getOrDefault("created_at", "")' '(String) json.getOrDefault("notes", "")' \
  '""' notes notes "free-form notes, empty when none were written"

sed -i 's/^  Bookmark = Struct.new(:id, :url, :title, :tags, :created_at, keyword_init: true) do$/  Bookmark = Struct.new(:id, :url, :title, :tags, :created_at, :notes, keyword_init: true) do/' clients/ruby/lib/linkshelf/bookmark.rb

sed -i 's/^| `created_at` | string | ISO 8601, set by the server |$/&\n| `notes` | string | optional free-form notes, at most 2000 characters |/' docs/api.md
commit "Add notes field to bookmarks in the server, web app and clients"

# --------------------------------------------------------------------------
sr_author chen
sed -i "s/^import type { Bookmark, NewBookmark } from '.\/types';\$/import type { Bookmark, NewBookmark } from \".\/types\";/; s/^let baseUrl = '\/api';\$/let baseUrl = \"\/api\";/; s/this.name = 'ApiError';/this.name = \"ApiError\";/; s/request<Bookmark>('\/bookmarks', { method: 'POST', body/request<Bookmark>(\"\/bookmarks\", { method: \"POST\", body/" web/src/api.ts
commit "Use double quotes consistently in the web API module"

# --------------------------------------------------------------------------
# FEATURE (native stat): reading time
sr_author bob
printf '/* Returns the estimated reading time of text in whole seconds, rounded up,\n * at words_per_minute (0 means the default of 200). */\nunsigned ts_reading_time(const char *text, unsigned words_per_minute);\n\n' \
  | insert_before_last 5 native/textstats.h
append native/textstats.c <<'EOF'

unsigned ts_reading_time(const char *text, unsigned words_per_minute)
{
    size_t words = ts_word_count(text);
    if (words_per_minute == 0) {
        words_per_minute = 200;
    }
    return (unsigned)((words * 60 + words_per_minute - 1) / words_per_minute);
}
EOF
insert_before '^int main(void)$' native/test_textstats.c <<'EOF'
static void test_reading_time(void)
{
    CHECK(ts_reading_time("", 200) == 0);
    CHECK(ts_reading_time("one two three", 60) == 3);
    CHECK(ts_reading_time("word", 0) == 1);
}

EOF
sed -i 's/^    test_non_ascii_separates_words();$/&\n    test_reading_time();/' native/test_textstats.c

sed -i 's/^    "ts_longest_word": (\[ctypes.c_char_p\], ctypes.c_size_t),$/&\n    "ts_reading_time": ([ctypes.c_char_p, ctypes.c_uint], ctypes.c_uint),/' server/textstats.py
insert_before '^def analyze(text):$' server/textstats.py <<'EOF'
def reading_time(text, words_per_minute=200):
    """Return the estimated reading time of ``text`` in seconds, rounded up."""
    if _lib is not None:
        return _lib.ts_reading_time(text.encode("utf-8"), words_per_minute)
    words_per_minute = words_per_minute or 200
    return (len(words(text)) * 60 + words_per_minute - 1) // words_per_minute


EOF
sed -i 's/^        "longest_word": longest_word(text),$/&\n        "reading_seconds": reading_time(text),/' server/textstats.py
append server/tests/test_textstats.py <<'EOF'


def test_reading_time_rounds_up():
    assert textstats.reading_time("one two three", 60) == 3
    assert textstats.reading_time("word") == 1
    assert textstats.reading_time("") == 0
EOF
sed -i 's/statistics about `{"text"}`: word count, longest word |$/statistics about `{"text"}`: word count, longest word, reading time |/' docs/api.md
commit "Add reading time estimate to the native text statistics library" \
"ts_reading_time() in C with tests, exposed through server/textstats.py
and the /api/textstats response as reading_seconds."

# --------------------------------------------------------------------------
# FEATURE (crate module): transliteration
sr_author chen
write crates/slugkit/src/translit.rs <<'EOF'
//! Transliteration of accented Latin characters to ASCII.

/// Replaces accented Latin letters with their ASCII base letters, so that
/// "Crème brûlée" becomes "Creme brulee". Characters without a known
/// replacement are kept unchanged.
pub fn transliterate(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match ascii_for(c) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(c),
        }
    }
    out
}

/// Returns the ASCII replacement for `c`, if there is one.
fn ascii_for(c: char) -> Option<&'static str> {
    let replacement = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ü' => "U",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    };
    Some(replacement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_accents() {
        assert_eq!(transliterate("Crème brûlée"), "Creme brulee");
        assert_eq!(transliterate("Straße"), "Strasse");
    }

    #[test]
    fn keeps_unknown_characters() {
        assert_eq!(transliterate("日本"), "日本");
    }
}
EOF
sed -i 's/^mod slug;$/&\nmod translit;/' crates/slugkit/src/lib.rs
sed -i 's/^pub use crate::slug::{slugify, slugify_with, SlugOptions};$/&\npub use crate::translit::transliterate;/' crates/slugkit/src/lib.rs
sed -i 's/^use crate::normalize::{collapse_whitespace, is_slug_char};$/&\nuse crate::translit::transliterate;/' crates/slugkit/src/slug.rs
sed -i 's/^    for c in collapse_whitespace(title).chars() {$/    for c in transliterate(\&collapse_whitespace(title)).chars() {/' crates/slugkit/src/slug.rs
sed -i 's/^\/\/\/ Turns `title` into a slug: ASCII letters and digits are kept (lowercased),$/\/\/\/ Turns `title` into a slug: accented letters are transliterated, ASCII\n\/\/\/ letters and digits are kept (lowercased), and/; s/^\/\/\/ every other run of characters becomes one separator\.$/\/\/\/ every other run of characters becomes one separator./' crates/slugkit/src/slug.rs
write crates/slugkit/tests/slug_tests.rs <<'EOF'
//! Integration tests of the public slugkit API.

use slugkit::{slugify, slugify_with, transliterate, SlugOptions};

#[test]
fn accented_titles_become_ascii_slugs() {
    assert_eq!(slugify("Crème brûlée à la française"), "creme-brulee-a-la-francaise");
}

#[test]
fn transliteration_is_public() {
    assert_eq!(transliterate("Ångström"), "Angstrom");
}

#[test]
fn non_latin_titles_may_produce_empty_slugs() {
    assert_eq!(slugify("日本語"), "");
    let options = SlugOptions { max_len: 8, ..SlugOptions::default() };
    assert_eq!(slugify_with("Zürich Hauptbahnhof", &options), "zurich");
}
EOF
write crates/slugkit/README.md <<'EOF'
# slugkit

URL-safe slugs for linkshelf bookmark permalinks.

```rust
assert_eq!(slugkit::slugify("Crème brûlée"), "creme-brulee");
```

Run the tests with `cargo test`.
EOF
commit "Add transliteration of accented characters to slugkit" \
"Slugs of titles such as 'Crème brûlée' keep their letters instead of
splitting words at every accented character."

# --------------------------------------------------------------------------
# FEATURE (endpoint): tags
sr_author dana
append server/store.py <<'EOF'

    def tag_counts(self):
        """Return ``[(tag, count)]`` over all bookmarks, most used first."""
        counts = {}
        for (tags,) in self.db.execute("SELECT tags FROM bookmarks"):
            for tag in json.loads(tags):
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
EOF

append server/handlers.py <<'EOF'


def list_tags(store, request):
    """GET /api/tags: every tag with the number of bookmarks using it."""
    return 200, {"tags": [{"tag": tag, "count": count} for tag, count in store.tag_counts()]}
EOF
py_route '("GET", r"/api/tags", handlers.list_tags),'

append server/tests/test_handlers.py <<'EOF'


def test_tags_are_counted_most_used_first():
    app = App()
    add(app, tags=["python", "docs"])
    add(app, tags=["python"])
    add(app, tags=["go", "docs", "docs"])
    status, body = call(app, "GET", "/api/tags")
    assert status == 200
    assert body["tags"] == [
        {"tag": "docs", "count": 2},
        {"tag": "python", "count": 2},
        {"tag": "go", "count": 1},
    ]
EOF

append web/src/api.ts <<'EOF'

/** A tag and the number of bookmarks that use it, as listed by `/api/tags`. */
export interface TagCount {
  tag: string;
  count: number;
}

/** Lists every tag with its number of bookmarks, most used first. */
export async function listTags(): Promise<TagCount[]> {
  const body = await request<{ tags: TagCount[] }>("/tags");
  return body.tags;
}
EOF

insert_before '^    /\*\* Converts a JSON array of bookmark objects. \*\/$' $JAVA_DIR/LinkshelfClient.java <<'EOF'
    /** Returns every tag with its number of bookmarks, most used first. */
    public Map<String, Integer> tagCounts() throws IOException, InterruptedException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Object item : Json.asList(Json.asObject(send("GET", "tags", null)).get("tags"))) {
            Map<String, Object> entry = Json.asObject(item);
            counts.put((String) entry.get("tag"), ((Number) entry.get("count")).intValue());
        }
        return counts;
    }

EOF
sed -i 's/^import java.util.ArrayList;$/&\nimport java.util.LinkedHashMap;/' $JAVA_DIR/LinkshelfClient.java

insert_before '^    private$' clients/ruby/lib/linkshelf/client.rb <<'EOF'
    # Returns a hash of tag => number of bookmarks, most used first.
    def tags
      request(:get, "tags").fetch("tags").to_h { |entry| [entry.fetch("tag"), entry.fetch("count")] }
    end

EOF

sed -i 's/^| GET | `\/api\/search?q=TEXT` | bookmarks whose title or URL contains TEXT |$/&\n| GET | `\/api\/tags` | `{"tags": [{"tag", "count"}]}`, most used first |/' docs/api.md
commit "Add tags endpoint with usage counts to server and clients"

# --------------------------------------------------------------------------
# FEATURE (web): bookmark form
sr_author alice
write web/src/validate.ts <<'EOF'
import type { NewBookmark } from "./types";

/** Returns a message describing what is wrong with `input`, or null if it is valid. */
export function validateBookmark(input: NewBookmark): string | null {
  if (!/^https?:\/\//.test(input.url)) {
    return "The URL must start with http:// or https://";
  }
  if (input.title.trim().length === 0) {
    return "The title must not be empty";
  }
  if (input.tags.some((tag) => /\s/.test(tag))) {
    return "Tags must not contain spaces";
  }
  return null;
}

/** Splits a comma-separated tag string into trimmed, lowercase, unique tags. */
export function splitTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag.length > 0);
  return Array.from(new Set(tags));
}
EOF

write web/src/components/BookmarkForm.tsx <<'EOF'
import React, { useState } from "react";

import { createBookmark } from "../api";
import type { Bookmark } from "../types";
import { splitTags, validateBookmark } from "../validate";

/** Props of {@link BookmarkForm}. */
export interface BookmarkFormProps {
  onCreated: (bookmark: Bookmark) => void;
}

/** A form for adding a bookmark; input is validated before it is sent. */
export function BookmarkForm({ onCreated }: BookmarkFormProps): JSX.Element {
  const [url, setUrl] = useState("");
  const [title, setTitle] = useState("");
  const [tags, setTags] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const input = { url: url.trim(), title: title.trim(), tags: splitTags(tags) };
    const problem = validateBookmark(input);
    if (problem) {
      setError(problem);
      return;
    }
    try {
      onCreated(await createBookmark(input));
      setUrl("");
      setTitle("");
      setTags("");
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <form className="bookmark-form" onSubmit={submit}>
      <input placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
      <input placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} />
      <input placeholder="tags, comma separated" value={tags} onChange={(e) => setTags(e.target.value)} />
      <button type="submit">Add</button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
EOF

write web/src/main.tsx <<'EOF'
import React, { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

import { listBookmarks } from "./api";
import { BookmarkForm } from "./components/BookmarkForm";
import { BookmarkList } from "./components/BookmarkList";
import type { Bookmark } from "./types";

/** Top-level component: the form for new bookmarks above the list. */
function App(): JSX.Element {
  const [bookmarks, setBookmarks] = useState<Bookmark[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listBookmarks()
      .then(setBookmarks)
      .catch((err: Error) => setError(err.message));
  }, []);

  return (
    <main>
      <h1>Linkshelf</h1>
      <BookmarkForm onCreated={(bookmark) => setBookmarks((current) => [bookmark, ...current])} />
      {error && <p className="error">{error}</p>}
      <BookmarkList bookmarks={bookmarks} />
    </main>
  );
}

const container = document.getElementById("root");
if (container) {
  createRoot(container).render(<App />);
}
EOF

write web/src/__tests__/validate.test.ts <<'EOF'
import { strict as assert } from "node:assert";
import { test } from "node:test";

import { splitTags, validateBookmark } from "../validate";

test("valid input passes", () => {
  assert.equal(validateBookmark({ url: "https://example.com", title: "Example", tags: ["a"] }), null);
});

test("bad URLs and empty titles are reported", () => {
  assert.match(validateBookmark({ url: "example.com", title: "x", tags: [] }) ?? "", /URL/);
  assert.match(validateBookmark({ url: "http://x", title: "  ", tags: [] }) ?? "", /title/);
});

test("splitTags trims, lowercases and removes duplicates", () => {
  assert.deepEqual(splitTags(" Go, rust,,go "), ["go", "rust"]);
});
EOF
commit "Add bookmark form component with client-side validation" \
"BookmarkForm validates with the new validate.ts module before calling
createBookmark; the app prepends created bookmarks to the list."

# --------------------------------------------------------------------------
mkdir -p web/src/lib
g mv web/src/format.ts web/src/lib/format.ts
sed -i 's/^import { formatDate, hostname, truncate } from "..\/format";$/import { formatDate, hostname, truncate } from "..\/lib\/format";/' web/src/components/BookmarkList.tsx
sed -i 's/^import { formatDate, hostname, truncate } from "..\/format";$/import { formatDate, hostname, truncate } from "..\/lib\/format";/' web/src/__tests__/format.test.ts
commit "Move formatting helpers into web/src/lib"

# --------------------------------------------------------------------------
sr_author bob
g rm -q web/src/legacy/highlight.js
commit "Remove unused legacy highlight script" \
"All supported browsers implement the CSS Custom Highlight API."

# --------------------------------------------------------------------------
# FEATURE (field): archived
sed -i 's/^    notes: str = ""$/&\n    archived: bool = False/' server/models.py
sed -i "s/^    created_at TEXT NOT NULL\$/    archived INTEGER NOT NULL DEFAULT 0,\n&/" server/store.py
sed -i 's/^COLUMNS = ("id", "url", "title", "tags", "created_at", "notes")$/COLUMNS = ("id", "url", "title", "tags", "created_at", "notes", "archived")/' server/store.py
sed -i 's/^        values\["tags"\] = json.loads(values\["tags"\])$/&\n        values["archived"] = bool(values["archived"])/' server/store.py
sed -i 's/^        if not all(isinstance(tag, str) and tag for tag in self.tags):$/        if not isinstance(self.archived, bool):\n            raise ValueError("archived must be true or false")\n&/' server/models.py
append server/tests/test_handlers.py <<'EOF'


def test_archived_flag_round_trip():
    app = App()
    created = add(app, archived=True)
    assert call(app, "GET", f"/api/bookmarks/{created['id']}")[1]["archived"] is True
    assert add(app)["archived"] is False
    assert call(app, "POST", "/api/bookmarks", {"url": "https://x.org", "title": "x", "archived": "yes"})[0] == 400
EOF

sed -i 's/^  notes: string;$/&\n  \/** Archived bookmarks are hidden from the default list view. *\/\n  archived: boolean;/' web/src/types.ts
sed -i 's/^export type NewBookmark = Pick<Bookmark, "url" | "title" | "tags"> & Partial<Pick<Bookmark, "notes">>;$/export type NewBookmark = Pick<Bookmark, "url" | "title" | "tags"> \& Partial<Pick<Bookmark, "notes" | "archived">>;/' web/src/types.ts
sed -i 's/^        <li key={bookmark.id}>$/        <li key={bookmark.id} className={bookmark.archived ? "archived" : undefined}>/' web/src/components/BookmarkList.tsx

java_add_field "String notes" "boolean archived" \
  '(String) json.getOrDefault("notes", "")' 'Boolean.TRUE.equals(json.get("archived"))' \
  'false' archived archived "whether the bookmark is archived"

sed -i 's/:created_at, :notes, keyword_init: true) do$/:created_at, :notes, :archived, keyword_init: true) do/' clients/ruby/lib/linkshelf/bookmark.rb
sed -i 's/^    # Returns the attributes sent when creating the bookmark\.$/&\n    # +archived+ is sent only when set./' clients/ruby/lib/linkshelf/bookmark.rb

sed -i 's/^| `notes` | string | optional free-form notes, at most 2000 characters |$/&\n| `archived` | boolean | default `false`; archived bookmarks are hidden by the web app |/' docs/api.md
commit "Add archived flag to bookmarks in the server, web app and clients"

# --------------------------------------------------------------------------
# FEATURE (native stat): unique word ratio
sr_author chen
printf '/* Returns the number of distinct words divided by the number of words,\n * comparing words case-insensitively; 0.0 for text without words. */\ndouble ts_unique_ratio(const char *text);\n\n' \
  | insert_before_last 5 native/textstats.h
sed -i 's/^#include "tokenize.h"$/&\n\n#include <ctype.h>\n#include <stdlib.h>\n#include <string.h>/' native/textstats.c
append native/textstats.c <<'EOF'

/* Collected lowercase copies of the words of a text. */
struct word_list {
    char **words;
    size_t count;
    size_t capacity;
    int failed;
};

/* Token callback that appends a lowercase copy of the word to the list. */
static void collect_word(const char *start, size_t len, void *user)
{
    struct word_list *list = user;
    if (list->failed) {
        return;
    }
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 16;
        char **grown = realloc(list->words, capacity * sizeof *grown);
        if (!grown) {
            list->failed = 1;
            return;
        }
        list->words = grown;
        list->capacity = capacity;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        list->failed = 1;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        copy[i] = (char)tolower((unsigned char)start[i]);
    }
    copy[len] = '\0';
    list->words[list->count++] = copy;
}

static int compare_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

double ts_unique_ratio(const char *text)
{
    struct word_list list = {NULL, 0, 0, 0};
    double ratio = 0.0;

    ts_tokenize(text, collect_word, &list);
    if (!list.failed && list.count > 0) {
        size_t unique = 1;
        qsort(list.words, list.count, sizeof *list.words, compare_words);
        for (size_t i = 1; i < list.count; i++) {
            if (strcmp(list.words[i - 1], list.words[i]) != 0) {
                unique++;
            }
        }
        ratio = (double)unique / (double)list.count;
    }
    for (size_t i = 0; i < list.count; i++) {
        free(list.words[i]);
    }
    free(list.words);
    return ratio;
}
EOF
insert_before '^int main(void)$' native/test_textstats.c <<'EOF'
static void test_unique_ratio(void)
{
    CHECK(ts_unique_ratio("") == 0.0);
    CHECK(ts_unique_ratio("a b c d") == 1.0);
    CHECK(ts_unique_ratio("The cat saw the cat") == 0.6);
}

EOF
sed -i 's/^    test_reading_time();$/&\n    test_unique_ratio();/' native/test_textstats.c

sed -i 's/^    "ts_reading_time": (\[ctypes.c_char_p, ctypes.c_uint\], ctypes.c_uint),$/&\n    "ts_unique_ratio": ([ctypes.c_char_p], ctypes.c_double),/' server/textstats.py
insert_before '^def analyze(text):$' server/textstats.py <<'EOF'
def unique_ratio(text):
    """Return distinct words / words (case-insensitive), or 0.0 without words."""
    if _lib is not None:
        return _lib.ts_unique_ratio(text.encode("utf-8"))
    found = [word.lower() for word in words(text)]
    return len(set(found)) / len(found) if found else 0.0


EOF
sed -i 's/^        "reading_seconds": reading_time(text),$/&\n        "unique_ratio": round(unique_ratio(text), 3),/' server/textstats.py
append server/tests/test_textstats.py <<'EOF'


def test_unique_ratio_ignores_case():
    assert textstats.unique_ratio("The cat saw the cat") == 0.6
    assert textstats.unique_ratio("") == 0.0
EOF
sed -i 's/word count, longest word, reading time |$/word count, longest word, reading time, unique word ratio |/' docs/api.md
commit "Add unique word ratio to the native text statistics library"

# --------------------------------------------------------------------------
sr_author dana
sed -i 's/^      req.body = JSON.generate(body) if body$/      req["Content-Type"] = "application\/json"\n      req["Accept"] = "application\/json"\n&/' clients/ruby/lib/linkshelf/client.rb
commit "Send JSON content type and accept headers from the Ruby client"

# --------------------------------------------------------------------------
# FEATURE (crate module): tag normalisation
write crates/slugkit/src/tags.rs <<'EOF'
//! Normalisation of user-entered bookmark tags.

use crate::slug::{slugify_with, SlugOptions};

/// Maximum length of a normalised tag in bytes.
pub const MAX_TAG_LEN: usize = 32;

/// Normalises one tag: a leading '#' is dropped, the rest is slugified
/// (lowercase ASCII words joined by '-') and cut to [`MAX_TAG_LEN`].
/// Returns `None` for tags that are empty afterwards.
pub fn normalize_tag(tag: &str) -> Option<String> {
    let options = SlugOptions { max_len: MAX_TAG_LEN, ..SlugOptions::default() };
    let normalized = slugify_with(tag.trim().trim_start_matches('#'), &options);
    if normalized.is_empty() {
        None
    } else {
        Some(normalized)
    }
}

/// Normalises every tag, drops empty ones, and returns the rest sorted and
/// without duplicates.
pub fn normalize_tags<I, S>(tags: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = tags.into_iter().filter_map(|tag| normalize_tag(tag.as_ref())).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_hash_and_case() {
        assert_eq!(normalize_tag("#Rust"), Some("rust".to_string()));
        assert_eq!(normalize_tag("  Machine Learning "), Some("machine-learning".to_string()));
    }

    #[test]
    fn empty_tags_are_dropped() {
        assert_eq!(normalize_tag("#"), None);
        assert_eq!(normalize_tag("!!!"), None);
    }
}
EOF
sed -i 's/^mod slug;$/&\nmod tags;/' crates/slugkit/src/lib.rs
sed -i 's/^pub use crate::slug::{slugify, slugify_with, SlugOptions};$/&\npub use crate::tags::{normalize_tag, normalize_tags, MAX_TAG_LEN};/' crates/slugkit/src/lib.rs
sed -i 's/^\/\/! slugkit turns bookmark titles into short, URL-safe slugs\.$/\/\/! slugkit turns bookmark titles into short, URL-safe slugs and normalises\n\/\/! user-entered tags./' crates/slugkit/src/lib.rs
write crates/slugkit/tests/tags_tests.rs <<'EOF'
//! Integration tests of tag normalisation.

use slugkit::{normalize_tags, MAX_TAG_LEN};

#[test]
fn tags_are_sorted_and_deduplicated() {
    let tags = normalize_tags(["Rust", "#rust", "Café", "", "web dev"]);
    assert_eq!(tags, vec!["cafe", "rust", "web-dev"]);
}

#[test]
fn long_tags_are_cut() {
    let long = "word ".repeat(20);
    let tags = normalize_tags([long.as_str()]);
    assert!(tags[0].len() <= MAX_TAG_LEN);
}
EOF
append crates/slugkit/README.md <<'EOF'

Tags are normalised the same way:

```rust
assert_eq!(slugkit::normalize_tags(["#Rust", "rust", "Web Dev"]), vec!["rust", "web-dev"]);
```
EOF
commit "Add tag normalization module to slugkit"

# --------------------------------------------------------------------------
# FEATURE (endpoint): stats
sr_author alice
append server/store.py <<'EOF'

    def stats(self):
        """Return totals: bookmarks, archived bookmarks and distinct tags."""
        total, archived = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(archived), 0) FROM bookmarks"
        ).fetchone()
        return {"bookmarks": total, "archived": archived, "tags": len(self.tag_counts())}
EOF

append server/handlers.py <<'EOF'


def get_stats(store, request):
    """GET /api/stats: numbers of bookmarks, archived bookmarks and tags."""
    return 200, store.stats()
EOF
py_route '("GET", r"/api/stats", handlers.get_stats),'

append server/tests/test_handlers.py <<'EOF'


def test_stats_counts_bookmarks_and_tags():
    app = App()
    add(app, tags=["a", "b"])
    add(app, tags=["b"], archived=True)
    status, body = call(app, "GET", "/api/stats")
    assert status == 200
    assert body == {"bookmarks": 2, "archived": 1, "tags": 2}
EOF

append web/src/api.ts <<'EOF'

/** Totals reported by `/api/stats`. */
export interface Stats {
  bookmarks: number;
  archived: number;
  tags: number;
}

/** Returns the numbers of bookmarks, archived bookmarks and tags. */
export function getStats(): Promise<Stats> {
  return request<Stats>("/stats");
}
EOF

insert_before '^    /\*\* Converts a JSON array of bookmark objects. \*\/$' $JAVA_DIR/LinkshelfClient.java <<'EOF'
    /** Returns the server's totals: "bookmarks", "archived" and "tags". */
    public Map<String, Long> stats() throws IOException, InterruptedException {
        Map<String, Long> stats = new LinkedHashMap<>();
        Json.asObject(send("GET", "stats", null)).forEach((key, value) -> stats.put(key, ((Number) value).longValue()));
        return stats;
    }

EOF

insert_before '^    private$' clients/ruby/lib/linkshelf/client.rb <<'EOF'
    # Returns the server's totals as a hash with "bookmarks", "archived" and "tags".
    def stats
      request(:get, "stats")
    end

EOF

sed -i 's/^| GET | `\/api\/tags` | .*$/&\n| GET | `\/api\/stats` | `{"bookmarks", "archived", "tags"}` totals |/' docs/api.md
commit "Add stats endpoint with bookmark and tag totals to server and clients"

# --------------------------------------------------------------------------
sr_author bob
sed -i 's/^__version__ = "0.1.0"$/__version__ = "0.2.0"/' server/__init__.py
sed -i 's/^version = "0.1.0"$/version = "0.2.0"/' pyproject.toml crates/slugkit/Cargo.toml
sed -i 's/^  "version": "0.1.0",$/  "version": "0.2.0",/' web/package.json
sed -i 's/^  <version>0.1.0<\/version>$/  <version>0.2.0<\/version>/' clients/java/pom.xml
sed -i 's/^  VERSION = "0.1.0"$/  VERSION = "0.2.0"/' clients/ruby/lib/linkshelf/version.rb
commit "Bump all packages to version 0.2.0"

# --------------------------------------------------------------------------
# FEATURE (native): C++ wrapper
sr_author chen
write native/textstats.hpp <<'EOF'
// C++ convenience layer over the text statistics C API.
#pragma once

#include <cstddef>
#include <string>

#include "textstats.h"

namespace linkshelf {

/// Every statistic for one piece of text.
struct TextStats {
    std::size_t words = 0;
    std::size_t longest_word = 0;
    unsigned reading_seconds = 0;
    double unique_ratio = 0.0;
};

/// Computes all statistics for `text` at `words_per_minute` reading speed.
TextStats analyze(const std::string& text, unsigned words_per_minute = 200);

/// Describes `stats` in one line, e.g. "120 words, about 1 min read".
std::string describe(const TextStats& stats);

}  // namespace linkshelf
EOF

write native/textstats.cpp <<'EOF'
#include "textstats.hpp"

#include <sstream>

namespace linkshelf {

TextStats analyze(const std::string& text, unsigned words_per_minute) {
    TextStats stats;
    stats.words = ts_word_count(text.c_str());
    stats.longest_word = ts_longest_word(text.c_str());
    stats.reading_seconds = ts_reading_time(text.c_str(), words_per_minute);
    stats.unique_ratio = ts_unique_ratio(text.c_str());
    return stats;
}

std::string describe(const TextStats& stats) {
    std::ostringstream out;
    out << stats.words << (stats.words == 1 ? " word" : " words");
    if (stats.reading_seconds < 60) {
        out << ", under a minute to read";
    } else {
        out << ", about " << (stats.reading_seconds + 30) / 60 << " min read";
    }
    return out.str();
}

}  // namespace linkshelf
EOF

write native/examples/summary.cpp <<'EOF'
// Reads text from standard input and prints a one-line summary:
//   make -C native summary && ./native/summary < article.txt
#include <iostream>
#include <iterator>
#include <string>

#include "../textstats.hpp"

int main() {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    linkshelf::TextStats stats = linkshelf::analyze(text);
    std::cout << linkshelf::describe(stats) << '\n';
    std::cout << "longest word: " << stats.longest_word << " bytes, unique words: "
              << static_cast<int>(stats.unique_ratio * 100 + 0.5) << "%\n";
    return 0;
}
EOF

sed -i 's/^CFLAGS ?= -O2 -Wall -Wextra -std=c99 -fPIC$/&\nCXX ?= c++\nCXXFLAGS ?= -O2 -Wall -Wextra -std=c++17/' native/Makefile
sed -i 's/^\.PHONY: all test clean$/.PHONY: all test clean summary/' native/Makefile
sed -i 's/^clean:$/summary: examples\/summary.cpp textstats.cpp textstats.hpp $(OBJS)\n\t$(CXX) $(CXXFLAGS) -I. -o $@ examples\/summary.cpp textstats.cpp $(OBJS)\n\n&/' native/Makefile
sed -i 's/^\trm -f \*.o \*.so test_textstats$/\trm -f *.o *.so test_textstats summary/' native/Makefile
printf 'summary\n' >> native/.gitignore
commit "Add C++ wrapper and summary example for the text statistics library"

# --------------------------------------------------------------------------
# FEATURE (web + server): tag filter
sr_author dana
write web/src/components/TagFilter.tsx <<'EOF'
import React, { useEffect, useState } from "react";

import { listTags, type TagCount } from "../api";

/** Props of {@link TagFilter}. */
export interface TagFilterProps {
  selected: string | null;
  onChange: (tag: string | null) => void;
}

/** Shows the known tags with their counts; clicking one filters the list. */
export function TagFilter({ selected, onChange }: TagFilterProps): JSX.Element {
  const [tags, setTags] = useState<TagCount[]>([]);

  useEffect(() => {
    listTags()
      .then(setTags)
      .catch(() => setTags([]));
  }, []);

  return (
    <nav className="tag-filter">
      <button type="button" className={selected === null ? "active" : undefined} onClick={() => onChange(null)}>
        all
      </button>
      {tags.map(({ tag, count }) => (
        <button
          key={tag}
          type="button"
          className={selected === tag ? "active" : undefined}
          onClick={() => onChange(tag)}
        >
          #{tag} <span className="count">{count}</span>
        </button>
      ))}
    </nav>
  );
}
EOF

write web/src/main.tsx <<'EOF'
import React, { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

import { listBookmarks } from "./api";
import { BookmarkForm } from "./components/BookmarkForm";
import { BookmarkList } from "./components/BookmarkList";
import { TagFilter } from "./components/TagFilter";
import type { Bookmark } from "./types";

/** Top-level component: form, tag filter and the (filtered) list. */
function App(): JSX.Element {
  const [bookmarks, setBookmarks] = useState<Bookmark[]>([]);
  const [tag, setTag] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listBookmarks(50, tag ?? undefined)
      .then(setBookmarks)
      .catch((err: Error) => setError(err.message));
  }, [tag]);

  return (
    <main>
      <h1>Linkshelf</h1>
      <BookmarkForm onCreated={(bookmark) => setBookmarks((current) => [bookmark, ...current])} />
      <TagFilter selected={tag} onChange={setTag} />
      {error && <p className="error">{error}</p>}
      <BookmarkList bookmarks={bookmarks} onSelectTag={setTag} />
    </main>
  );
}

const container = document.getElementById("root");
if (container) {
  createRoot(container).render(<App />);
}
EOF

replace_lines '^export async function listBookmarks(limit = 50): Promise<Bookmark\[\]> {$' '^}$' web/src/api.ts <<'EOF'
export async function listBookmarks(limit = 50, tag?: string): Promise<Bookmark[]> {
  const query = tag ? `limit=${limit}&tag=${encodeURIComponent(tag)}` : `limit=${limit}`;
  const body = await request<{ bookmarks: Bookmark[] }>(`/bookmarks?${query}`);
  return body.bookmarks;
}
EOF
sed -i 's/^\/\*\* Lists the newest bookmarks\. \*\/$/\/** Lists the newest bookmarks, optionally only those with `tag`. *\//' web/src/api.ts

replace_lines '^    def list(self, limit=50):$' '^        return self._select' server/store.py <<'EOF'
    def list(self, limit=50, tag=None):
        """Return at most ``limit`` bookmarks, newest first, optionally with ``tag``."""
        if tag is None:
            return self._select(params=(limit,), suffix="ORDER BY id DESC LIMIT ?")
        # Tags are stored as a JSON list; match the quoted tag inside it.
        return self._select("WHERE tags LIKE ?", (f'%"{tag}"%', limit), "ORDER BY id DESC LIMIT ?")
EOF
sed -i 's/^    return 200, {"bookmarks": \[b.to_json() for b in store.list(limit)\]}$/    return 200, {"bookmarks": [b.to_json() for b in store.list(limit, request.query.get("tag"))]}/' server/handlers.py
sed -i 's/^    """GET \/api\/bookmarks: newest bookmarks first; ``?limit=N`` caps the count\."""$/    """GET \/api\/bookmarks: newest bookmarks first.\n\n    ``?limit=N`` caps the count and ``?tag=T`` keeps bookmarks tagged T.\n    """/' server/handlers.py
append server/tests/test_handlers.py <<'EOF'


def test_list_filters_by_tag():
    app = App()
    add(app, title="A", tags=["go"])
    add(app, title="B", tags=["golang"])
    add(app, title="C", tags=["go", "web"])
    status, body = call(app, "GET", "/api/bookmarks", query="tag=go")
    assert status == 200
    assert [b["title"] for b in body["bookmarks"]] == ["C", "A"]
EOF
sed -i 's/^| GET | `\/api\/bookmarks?limit=N` | newest bookmarks, `{"bookmarks": \[...\]}` |$/| GET | `\/api\/bookmarks?limit=N\&tag=T` | newest bookmarks (optionally with tag T), `{"bookmarks": [...]}` |/' docs/api.md
commit "Add tag filter to the web app backed by a tag query parameter" \
"TagFilter lists tags from /api/tags; choosing one reloads the list with
GET /api/bookmarks?tag=, which the store answers with a LIKE on the JSON
tag list."

# --------------------------------------------------------------------------
sr_author alice
write docs/architecture.md <<'EOF'
# Architecture

```
 browser ── web/ (React, TSX) ──┐
 Java app ── clients/java ──────┼── HTTP JSON ──► server/ (WSGI) ──► SQLite
 Ruby app ── clients/ruby ──────┘                    │
                                                     └─ ctypes ──► native/libtextstats.so
 crates/slugkit (Rust): slugs and tag normalisation for permalinks
```

- `server/app.py` owns routing (`ROUTES`); handlers live in
  `server/handlers.py` and storage in `server/store.py`.
- A new endpoint usually touches the route table, a handler, the store, the
  web API module (`web/src/api.ts`), both clients and `docs/api.md`.
- A new bookmark field touches `server/models.py`, the schema in
  `server/store.py`, `web/src/types.ts`, the list component, the Java
  record, the Ruby struct and `docs/api.md`.
- The C library has a Python binding (`server/textstats.py`) with a
  pure-Python fallback and a C++ wrapper (`native/textstats.hpp`).
EOF
commit "Add architecture overview to the docs"

# --------------------------------------------------------------------------
# FEATURE (field): favicon_url
sr_author bob
sed -i 's/^    archived: bool = False$/&\n    favicon_url: str = ""/' server/models.py
sed -i "s/^    created_at TEXT NOT NULL\$/    favicon_url TEXT NOT NULL DEFAULT '',\n&/" server/store.py
sed -i 's/^COLUMNS = ("id", "url", "title", "tags", "created_at", "notes", "archived")$/COLUMNS = ("id", "url", "title", "tags", "created_at", "notes", "archived", "favicon_url")/' server/store.py
append server/models.py <<'EOF'


def default_favicon(url):
    """Return the conventional /favicon.ico address for the site of ``url``."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/favicon.ico" if host else ""
EOF
sed -i 's/^        bookmark.validate()$/        if not bookmark.favicon_url:\n            bookmark.favicon_url = default_favicon(bookmark.url)\n&/' server/models.py
append server/tests/test_handlers.py <<'EOF'


def test_favicon_defaults_to_site_favicon():
    app = App()
    assert add(app, url="https://example.com/a/b")["favicon_url"] == "https://example.com/favicon.ico"
    custom = add(app, favicon_url="https://cdn.example.com/icon.png")
    assert custom["favicon_url"] == "https://cdn.example.com/icon.png"
EOF

sed -i 's/^  archived: boolean;$/&\n  \/** Icon shown next to the title; defaults to the site'"'"'s \/favicon.ico. *\/\n  favicon_url: string;/' web/src/types.ts
sed -i 's/^          <a href={bookmark.url}>{bookmark.title}<\/a>$/          {bookmark.favicon_url \&\& <img className="favicon" src={bookmark.favicon_url} alt="" width={16} height={16} \/>}\n&/' web/src/components/BookmarkList.tsx

java_add_field "boolean archived" "String faviconUrl" \
  'Boolean.TRUE.equals(json.get("archived"))' '(String) json.getOrDefault("favicon_url", "")' \
  '""' favicon_url faviconUrl "address of the site icon; the server fills in a default"

sed -i 's/:notes, :archived, keyword_init: true) do$/:notes, :archived, :favicon_url, keyword_init: true) do/' clients/ruby/lib/linkshelf/bookmark.rb

sed -i 's/^| `archived` | boolean | .*$/&\n| `favicon_url` | string | icon address; defaults to `<scheme>:\/\/<host>\/favicon.ico` |/' docs/api.md
commit "Add favicon URL to bookmarks in the server, web app and clients"

# --------------------------------------------------------------------------
sr_author chen
sed -i 's/^    \/\*\* Creates a client for the API rooted at {@code baseUri}, which should end with a slash\. \*\/$/    \/** Creates a client for the API rooted at {@code baseUri}, which must end with a slash. *\//' $JAVA_DIR/LinkshelfClient.java
sed -i 's/^ \* LinkshelfClient client = new LinkshelfClient(URI.create("http:\/\/localhost:8080\/api\/"));$/&\n * List<Bookmark> recent = client.listBookmarks(10);/' $JAVA_DIR/LinkshelfClient.java
commit "Clarify Javadoc of the Java client constructor"

# --------------------------------------------------------------------------
# FEATURE (endpoint): delete
sr_author dana
append server/store.py <<'EOF'

    def delete(self, bookmark_id):
        """Delete the bookmark with ``bookmark_id``; return whether it existed."""
        cursor = self.db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        self.db.commit()
        return cursor.rowcount > 0
EOF

append server/handlers.py <<'EOF'


def delete_bookmark(store, request):
    """DELETE /api/bookmarks/<id>: 204 when deleted, 404 if unknown."""
    if not store.delete(int(request.params["id"])):
        return 404, {"error": "bookmark not found"}
    return 204, None
EOF
py_route '("DELETE", r"/api/bookmarks/(?P<id>\d+)", handlers.delete_bookmark),'

append server/tests/test_handlers.py <<'EOF'


def test_delete_bookmark():
    app = App()
    created = add(app)
    assert call(app, "DELETE", f"/api/bookmarks/{created['id']}") == (204, None)
    assert call(app, "GET", f"/api/bookmarks/{created['id']}")[0] == 404
    assert call(app, "DELETE", f"/api/bookmarks/{created['id']}")[0] == 404
EOF

append web/src/api.ts <<'EOF'

/** Deletes the bookmark with `id`. */
export async function deleteBookmark(id: number): Promise<void> {
  await request<unknown>(`/bookmarks/${id}`, { method: "DELETE" });
}
EOF

insert_before '^    /\*\* Converts a JSON array of bookmark objects. \*\/$' $JAVA_DIR/LinkshelfClient.java <<'EOF'
    /** Deletes the bookmark with {@code id}; throws if the server does not know it. */
    public void deleteBookmark(long id) throws IOException, InterruptedException {
        send("DELETE", "bookmarks/" + id, null);
    }

EOF

insert_before '^    private$' clients/ruby/lib/linkshelf/client.rb <<'EOF'
    # Deletes the bookmark with +id+; raises Linkshelf::Error if it is unknown.
    def delete(id)
      request(:delete, "bookmarks/#{Integer(id)}")
      nil
    end

EOF

sed -i 's/^| GET | `\/api\/bookmarks\/<id>` | one bookmark; 404 if unknown |$/&\n| DELETE | `\/api\/bookmarks\/<id>` | delete a bookmark; 204, or 404 if unknown |/' docs/api.md
commit "Add delete endpoint for bookmarks to server and clients"

# --------------------------------------------------------------------------
# FEATURE (native stat): sentence count
sr_author alice
printf '/* Returns the number of sentences in text: runs of words ended by ".", "!"\n * or "?", plus a final unterminated run. */\nsize_t ts_sentence_count(const char *text);\n\n' \
  | insert_before_last 5 native/textstats.h
append native/textstats.c <<'EOF'

size_t ts_sentence_count(const char *text)
{
    size_t sentences = 0;
    int in_sentence = 0;

    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (ts_is_word_char(*p)) {
            in_sentence = 1;
        } else if ((*p == '.' || *p == '!' || *p == '?') && in_sentence) {
            sentences++;
            in_sentence = 0;
        }
    }
    return sentences + (size_t)in_sentence;
}
EOF
insert_before '^int main(void)$' native/test_textstats.c <<'EOF'
static void test_sentence_count(void)
{
    CHECK(ts_sentence_count("") == 0);
    CHECK(ts_sentence_count("One. Two! Three?") == 3);
    CHECK(ts_sentence_count("Wait... what") == 2);
    CHECK(ts_sentence_count("...") == 0);
}

EOF
sed -i 's/^    test_unique_ratio();$/&\n    test_sentence_count();/' native/test_textstats.c

sed -i 's/^    double unique_ratio = 0.0;$/&\n    std::size_t sentences = 0;/' native/textstats.hpp
sed -i 's/^    stats.unique_ratio = ts_unique_ratio(text.c_str());$/&\n    stats.sentences = ts_sentence_count(text.c_str());/' native/textstats.cpp
sed -i "s/^    out << stats.words << (stats.words == 1 ? \" word\" : \" words\");\$/&\n    out << \" in \" << stats.sentences << (stats.sentences == 1 ? \" sentence\" : \" sentences\");/" native/textstats.cpp

sed -i 's/^    "ts_unique_ratio": (\[ctypes.c_char_p\], ctypes.c_double),$/&\n    "ts_sentence_count": ([ctypes.c_char_p], ctypes.c_size_t),/' server/textstats.py
insert_before '^def analyze(text):$' server/textstats.py <<'EOF'
def sentence_count(text):
    """Return the number of sentences: word runs ended by '.', '!' or '?'."""
    if _lib is not None:
        return _lib.ts_sentence_count(text.encode("utf-8"))
    sentences, in_sentence = 0, False
    for char in text:
        if _WORD.fullmatch(char):
            in_sentence = True
        elif char in ".!?" and in_sentence:
            sentences, in_sentence = sentences + 1, False
    return sentences + int(in_sentence)


EOF
sed -i 's/^        "unique_ratio": round(unique_ratio(text), 3),$/&\n        "sentences": sentence_count(text),/' server/textstats.py
append server/tests/test_textstats.py <<'EOF'


def test_sentence_count():
    assert textstats.sentence_count("One. Two! Three?") == 3
    assert textstats.sentence_count("Wait... what") == 2
    assert textstats.sentence_count("...") == 0
EOF
sed -i 's/reading time, unique word ratio |$/reading time, unique word ratio, sentences |/' docs/api.md
commit "Add sentence count to the native text statistics library"
