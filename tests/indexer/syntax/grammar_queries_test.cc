// Checks every grammar compiled into stc: its ABI loads in the tree-sitter
// runtime, its query (grammars/queries/<name>.scm) compiles and follows the
// capture convention, and on a representative snippet it yields the expected
// definitions (kind, name) and imports (source, names). The text and parent
// predicates are evaluated here the way the extraction engine evaluates them,
// and a C/C++ @declarator is followed to its name by the engine's own code.

#include "indexer/syntax/declarator.h"
#include "indexer/syntax/grammar_table.h"

#include <gtest/gtest.h>
#include <tree_sitter/api.h>

#include <memory>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stc::indexer::syntax {
namespace {

using Pair = std::pair<std::string, std::string>;

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
struct QueryDeleter {
  void operator()(TSQuery* q) const { ts_query_delete(q); }
};
struct CursorDeleter {
  void operator()(TSQueryCursor* c) const { ts_query_cursor_delete(c); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;
using QueryPtr = std::unique_ptr<TSQuery, QueryDeleter>;
using CursorPtr = std::unique_ptr<TSQueryCursor, CursorDeleter>;

// What the query extracted from one snippet.
struct Extracted {
  std::set<Pair> definitions;         // (kind, name)
  std::set<std::string> sources;      // import sources, verbatim (with quotes)
  std::set<Pair> import_names;        // (source, name)
  std::vector<std::string> problems;  // convention violations
  bool parse_error = false;
};

const GrammarEntry* find_grammar(std::string_view name) {
  for (const GrammarEntry& entry : grammar_table()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::string_view query_error_name(TSQueryError error) {
  switch (error) {
    case TSQueryErrorSyntax:
      return "syntax";
    case TSQueryErrorNodeType:
      return "node type";
    case TSQueryErrorField:
      return "field";
    case TSQueryErrorCapture:
      return "capture";
    case TSQueryErrorStructure:
      return "structure";
    case TSQueryErrorLanguage:
      return "language";
    default:
      return "none";
  }
}

// Compiles the entry's query; on failure returns null and describes why.
QueryPtr compile_query(const GrammarEntry& entry, std::string* error) {
  uint32_t offset = 0;
  TSQueryError type = TSQueryErrorNone;
  TSQuery* query = ts_query_new(entry.language(), entry.query.data(),
                                static_cast<uint32_t>(entry.query.size()), &offset, &type);
  if (query == nullptr) {
    *error = std::string(query_error_name(type)) + " error at offset " + std::to_string(offset) +
             ": \"" + std::string(entry.query.substr(offset, 60)) + "\"";
  }
  return QueryPtr(query);
}

std::string node_text(TSNode node, std::string_view source) {
  uint32_t start = ts_node_start_byte(node);
  return std::string(source.substr(start, ts_node_end_byte(node) - start));
}

std::string capture_name(const TSQuery* query, uint32_t id) {
  uint32_t length = 0;
  const char* name = ts_query_capture_name_for_id(query, id, &length);
  return std::string(name, length);
}

std::string string_value(const TSQuery* query, uint32_t id) {
  uint32_t length = 0;
  const char* value = ts_query_string_value_for_id(query, id, &length);
  return std::string(value, length);
}

// Evaluates #eq?, #not-eq?, #match?, #not-match? for one match.
bool predicates_hold(const TSQuery* query, const TSQueryMatch& match, std::string_view source) {
  uint32_t count = 0;
  const TSQueryPredicateStep* steps =
      ts_query_predicates_for_pattern(query, match.pattern_index, &count);
  auto value_of = [&](const TSQueryPredicateStep& step) {
    if (step.type == TSQueryPredicateStepTypeString) return string_value(query, step.value_id);
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      if (match.captures[i].index == step.value_id) {
        return node_text(match.captures[i].node, source);
      }
    }
    return std::string();
  };
  for (uint32_t i = 0; i < count;) {
    uint32_t end = i;
    while (steps[end].type != TSQueryPredicateStepTypeDone) ++end;
    std::string op = string_value(query, steps[i].value_id);
    if (op == "stc-parent-in?") {
      bool in = false;
      for (uint16_t c = 0; c < match.capture_count; ++c) {
        if (match.captures[c].index != steps[i + 1].value_id) continue;
        const TSNode parent = ts_node_parent(match.captures[c].node);
        for (uint32_t k = i + 2; k < end; ++k) {
          in = in || (!ts_node_is_null(parent) &&
                      string_value(query, steps[k].value_id) == ts_node_type(parent));
        }
      }
      if (!in) return false;
      i = end + 1;
      continue;
    }
    if (op == "stc-child-match?") {  // a named child of that type whose text matches
      bool found = false;
      for (uint16_t c = 0; c < match.capture_count; ++c) {
        if (match.captures[c].index != steps[i + 1].value_id) continue;
        const TSNode node = match.captures[c].node;
        for (uint32_t k = 0; k < ts_node_named_child_count(node); ++k) {
          const TSNode child = ts_node_named_child(node, k);
          found =
              found || (string_value(query, steps[i + 2].value_id) == ts_node_type(child) &&
                        std::regex_search(node_text(child, source),
                                          std::regex(string_value(query, steps[i + 3].value_id))));
        }
      }
      if (!found) return false;
      i = end + 1;
      continue;
    }
    std::string left = value_of(steps[i + 1]);
    std::string right = value_of(steps[i + 2]);
    bool holds = true;
    if (op == "eq?") holds = left == right;
    if (op == "not-eq?") holds = left != right;
    if (op == "match?") holds = std::regex_search(left, std::regex(right));
    if (op == "not-match?") holds = !std::regex_search(left, std::regex(right));
    if (!holds) return false;
    i = end + 1;
  }
  return true;
}

bool is_definition_kind(std::string_view kind) {
  static const std::set<std::string_view> kinds = {
      "function", "method",   "class", "struct", "interface", "trait",     "enum",
      "module",   "constant", "type",  "macro",  "field",     "namespace", "impl"};
  return kinds.count(kind) > 0;
}

// Adds one match's captures to `out`.
void collect_match(const TSQuery* query, const TSQueryMatch& match, std::string_view source,
                   Extracted* out) {
  std::string kind, name, import_source;
  std::vector<std::string> names;
  bool is_import = false;
  TSNode definition{}, declarator{};
  for (uint16_t i = 0; i < match.capture_count; ++i) {
    std::string capture = capture_name(query, match.captures[i].index);
    std::string text = node_text(match.captures[i].node, source);
    if (capture.rfind("definition.", 0) == 0) {
      kind = capture.substr(11);
      definition = match.captures[i].node;
    }
    if (capture == "declarator") declarator = match.captures[i].node;
    if (capture == "name") name = text;
    if (capture == "import") is_import = true;
    if (capture == "import.source") import_source = text;
    if (capture == "import.name") names.push_back(text);
  }
  if (!kind.empty() && !ts_node_is_null(declarator) && name.empty()) {
    const auto declared =
        stc::indexer::syntax::declared_function(ts_node_type(definition), declarator);
    if (declared.kind.empty()) return;  // declares no function: the engine skips the match
    kind = declared.kind;
    name = node_text(declared.name, source);
  }
  if (!kind.empty()) {
    if (name.empty()) out->problems.push_back("@definition." + kind + " without @name");
    out->definitions.emplace(kind, name);
  }
  if (is_import != !import_source.empty()) {
    out->problems.push_back("@import and @import.source must come together");
  }
  if (!import_source.empty()) out->sources.insert(import_source);
  for (const std::string& imported : names) out->import_names.emplace(import_source, imported);
}

Extracted extract(const GrammarEntry& entry, std::string_view source) {
  Extracted out;
  ParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), entry.language())) {
    out.problems.push_back("language rejected by the runtime");
    return out;
  }
  TreePtr tree(ts_parser_parse_string(parser.get(), nullptr, source.data(),
                                      static_cast<uint32_t>(source.size())));
  TSNode root = ts_tree_root_node(tree.get());
  out.parse_error = ts_node_has_error(root);
  std::string error;
  QueryPtr query = compile_query(entry, &error);
  if (!query) {
    out.problems.push_back("query does not compile: " + error);
    return out;
  }
  CursorPtr cursor(ts_query_cursor_new());
  ts_query_cursor_exec(cursor.get(), query.get(), root);
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor.get(), &match)) {
    if (predicates_hold(query.get(), match, source)) {
      collect_match(query.get(), match, source, &out);
    }
  }
  return out;
}

template <typename T>
std::string describe(const std::set<T>& items) {
  std::string text;
  for (const T& item : items) {
    if constexpr (std::is_same_v<T, Pair>) {
      text += "  (" + item.first + ", " + item.second + ")\n";
    } else {
      text += "  " + item + "\n";
    }
  }
  return text;
}

// Expectations for one language's snippet.
struct Expected {
  std::vector<Pair> definitions;
  std::vector<std::string> sources;
  std::vector<Pair> import_names = {};
  std::vector<Pair> not_definitions = {};
  std::vector<std::string> not_sources = {};
};

void check_language(std::string_view language, std::string_view snippet, const Expected& expected) {
  const GrammarEntry* entry = find_grammar(language);
  ASSERT_NE(entry, nullptr) << "no grammar named " << language;
  Extracted got = extract(*entry, snippet);
  EXPECT_FALSE(got.parse_error) << language << " snippet does not parse cleanly";
  for (const std::string& problem : got.problems) ADD_FAILURE() << problem;
  for (const Pair& def : expected.definitions) {
    EXPECT_TRUE(got.definitions.count(def))
        << "missing definition (" << def.first << ", " << def.second << "); got:\n"
        << describe(got.definitions);
  }
  for (const Pair& def : expected.not_definitions) {
    EXPECT_FALSE(got.definitions.count(def))
        << "unexpected definition (" << def.first << ", " << def.second << ")";
  }
  for (const std::string& source : expected.sources) {
    EXPECT_TRUE(got.sources.count(source)) << "missing import source " << source << "; got:\n"
                                           << describe(got.sources);
  }
  for (const std::string& source : expected.not_sources) {
    EXPECT_FALSE(got.sources.count(source)) << "unexpected import source " << source;
  }
  for (const Pair& name : expected.import_names) {
    EXPECT_TRUE(got.import_names.count(name))
        << "missing imported name (" << name.first << ", " << name.second << "); got:\n"
        << describe(got.import_names);
  }
}

TEST(GrammarQueriesTest, EveryGrammarLoadsAndItsQueryCompiles) {
  ASSERT_FALSE(grammar_table().empty());
  for (const GrammarEntry& entry : grammar_table()) {
    SCOPED_TRACE(std::string(entry.name));
    uint32_t abi = ts_language_version(entry.language());
    EXPECT_GE(abi, 13u);
    EXPECT_LE(abi, 14u);
    ParserPtr parser(ts_parser_new());
    EXPECT_TRUE(ts_parser_set_language(parser.get(), entry.language()));
    std::string error;
    QueryPtr query = compile_query(entry, &error);
    ASSERT_TRUE(query) << entry.name << ".scm: " << error;
    EXPECT_GT(ts_query_pattern_count(query.get()), 0u);
  }
}

TEST(GrammarQueriesTest, QueriesUseOnlyTheConventionCapturesAndTextPredicates) {
  static const std::set<std::string> predicates = {
      "eq?", "not-eq?", "match?", "not-match?", "stc-parent-in?", "stc-child-match?"};
  for (const GrammarEntry& entry : grammar_table()) {
    SCOPED_TRACE(std::string(entry.name));
    std::string error;
    QueryPtr query = compile_query(entry, &error);
    ASSERT_TRUE(query) << error;
    for (uint32_t id = 0; id < ts_query_capture_count(query.get()); ++id) {
      std::string name = capture_name(query.get(), id);
      bool ok = name == "name" || name == "import" || name == "import.source" ||
                name == "import.name" || name.front() == '_' ||
                (name == "declarator" && (entry.name == "c" || entry.name == "cpp")) ||
                (name.rfind("definition.", 0) == 0 && is_definition_kind(name.substr(11)));
      EXPECT_TRUE(ok) << "unknown capture @" << name;
    }
    for (uint32_t pattern = 0; pattern < ts_query_pattern_count(query.get()); ++pattern) {
      uint32_t count = 0;
      const TSQueryPredicateStep* steps =
          ts_query_predicates_for_pattern(query.get(), pattern, &count);
      bool at_start = true;
      for (uint32_t i = 0; i < count; ++i) {
        if (at_start) {
          std::string op = string_value(query.get(), steps[i].value_id);
          EXPECT_TRUE(predicates.count(op)) << "unsupported predicate #" << op;
          if (op == "stc-child-match?") {  // @capture "type" "regex", and no more
            EXPECT_TRUE(i + 4 < count && steps[i + 1].type == TSQueryPredicateStepTypeCapture &&
                        steps[i + 2].type == TSQueryPredicateStepTypeString &&
                        steps[i + 3].type == TSQueryPredicateStepTypeString &&
                        steps[i + 4].type == TSQueryPredicateStepTypeDone)
                << "#stc-child-match? takes @capture \"type\" \"regex\"";
          }
        }
        at_start = steps[i].type == TSQueryPredicateStepTypeDone;
      }
    }
  }
}

TEST(GrammarQueriesTest, ExtensionsAreDottedAndUnique) {
  std::set<std::string> seen;
  for (const GrammarEntry& entry : grammar_table()) {
    std::string list(entry.extensions);
    size_t start = 0;
    while (start < list.size()) {
      size_t end = list.find(' ', start);
      if (end == std::string::npos) end = list.size();
      std::string extension = list.substr(start, end - start);
      EXPECT_EQ(extension.front(), '.') << entry.name << ": " << extension;
      EXPECT_TRUE(seen.insert(extension).second) << extension << " listed twice";
      start = end + 1;
    }
  }
  const GrammarEntry* c = find_grammar("c");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(std::string(c->extensions).find(".h"), std::string::npos);
}

TEST(GrammarQueriesTest, PythonDefinitionsAndImports) {
  check_language("python", R"py(
"""Module doc."""
import os, sys as system
import a.b.c
from net.client import Client, retry as r
from . import sibling
from ..pkg.mod import thing
from x import *
MAX_RETRIES = 3
TIMEOUT: float = 2.5
lower = 2

@decorator
class Foo(Base):
    """Doc."""
    @property
    def bar(self):
        return 1

async def fetch(url):
    pass
)py",
                 {.definitions = {{"class", "Foo"},
                                  {"function", "bar"},
                                  {"function", "fetch"},
                                  {"constant", "MAX_RETRIES"},
                                  {"constant", "TIMEOUT"}},
                  .sources = {"os", "sys", "a.b.c", "net.client", ".", "..pkg.mod", "x"},
                  .import_names = {{"net.client", "Client"},
                                   {"net.client", "retry"},
                                   {".", "sibling"},
                                   {"..pkg.mod", "thing"}},
                  .not_definitions = {{"constant", "lower"}}});
}

constexpr std::string_view k_javascript_snippet = R"js(
import React, { useState, useEffect as ue } from "react";
import * as path from 'node:path';
import "./side-effect.css";
export { a, b as c } from "./lib/ab.js";
export * from "./all";
const fs = require("fs");
const lazy = import("./lazy.js");
/** Adds. */
export function add(a, b) { return a + b; }
function* gen() {}
export default class Widget extends Base {
  onClick = () => {};
  render() { return null; }
}
const handler = async (req) => {};
exports.run = function () {};
export const LIMIT = 10;
const MAX_SIZE = 5;
const notConstant = 5;
)js";

TEST(GrammarQueriesTest, JavaScriptDefinitionsAndImports) {
  check_language("javascript", k_javascript_snippet,
                 {.definitions = {{"function", "add"},
                                  {"function", "gen"},
                                  {"class", "Widget"},
                                  {"method", "onClick"},
                                  {"method", "render"},
                                  {"function", "handler"},
                                  {"function", "run"},
                                  {"constant", "LIMIT"},
                                  {"constant", "MAX_SIZE"}},
                  .sources = {"\"react\"", "'node:path'", "\"./side-effect.css\"",
                              "\"./lib/ab.js\"", "\"./all\"", "\"fs\"", "\"./lazy.js\""},
                  .import_names = {{"\"react\"", "useState"},
                                   {"\"react\"", "useEffect"},
                                   {"\"./lib/ab.js\"", "a"}},
                  .not_definitions = {{"constant", "notConstant"}}});
}

constexpr std::string_view k_typescript_snippet = R"ts(
import { Client, type Options } from "./net/client";
import fs = require("fs");
export * as ns from "./ns";
/** A service. */
export interface Service<T> { start(): void; }
export type Id = string | number;
export enum Color { Red, Green }
export abstract class Base { abstract run(): void; }
export class Impl extends Base implements Service<number> {
  handler = (e: Event): void => {};
  run(): void {}
  start() {}
}
namespace Outer.Inner { export const V = 1; }
declare function g(x: number): string;
export const LIMIT: number = 10;
export const make = <T,>(x: T): T => x;
const dyn = import("./dyn");
)ts";

const Expected k_typescript_expected = {
    .definitions = {{"interface", "Service"},
                    {"method", "start"},
                    {"type", "Id"},
                    {"enum", "Color"},
                    {"class", "Base"},
                    {"method", "run"},
                    {"class", "Impl"},
                    {"method", "handler"},
                    {"namespace", "Outer.Inner"},
                    {"function", "g"},
                    {"constant", "LIMIT"},
                    {"function", "make"}},
    .sources = {"\"./net/client\"", "\"fs\"", "\"./ns\"", "\"./dyn\""},
    .import_names = {{"\"./net/client\"", "Client"}, {"\"./net/client\"", "Options"}}};

TEST(GrammarQueriesTest, TypeScriptDefinitionsAndImports) {
  check_language("typescript", k_typescript_snippet, k_typescript_expected);
}

TEST(GrammarQueriesTest, TsxDefinitionsAndImports) {
  check_language("tsx", k_typescript_snippet, k_typescript_expected);
  check_language(
      "tsx", R"tsx(
import { Button } from "./button";
export interface Props { label: string }
export const App = ({ label }: Props) => <div className="x"><Button>{label}</Button></div>;
export function Page(): JSX.Element { return <App label="hi" />; }
)tsx",
      {.definitions = {{"interface", "Props"}, {"function", "App"}, {"function", "Page"}},
       .sources = {"\"./button\""},
       .import_names = {{"\"./button\"", "Button"}}});
}

TEST(GrammarQueriesTest, GoDefinitionsAndImports) {
  check_language("go", R"go(package client

import "fmt"
import (
	"net/http"
	log "github.com/sirupsen/logrus"
)

// MaxRetries bounds retries.
const MaxRetries = 3
const (
	A, B = 1, 2
)

type Client struct{ base string }
type Doer interface { Do(req *http.Request) error }
type ID string
type Alias = Client

func New(base string) *Client { return &Client{base: base} }
func (c *Client) Get(path string) error { fmt.Println(path); log.Info(); return nil }
)go",
                 {.definitions = {{"constant", "MaxRetries"},
                                  {"constant", "A"},
                                  {"constant", "B"},
                                  {"struct", "Client"},
                                  {"interface", "Doer"},
                                  {"method", "Do"},
                                  {"type", "ID"},
                                  {"type", "Alias"},
                                  {"function", "New"},
                                  {"method", "Get"}},
                  .sources = {"\"fmt\"", "\"net/http\"", "\"github.com/sirupsen/logrus\""},
                  .not_definitions = {{"type", "Client"}}});
}

TEST(GrammarQueriesTest, RustDefinitionsAndImports) {
  check_language(
      "rust", R"rs(
mod client;
mod inline { fn helper() {} }
use crate::net::client;
use std::collections::{HashMap, BTreeMap as Tree};
use std::io::Write as W;
use super::*;
extern crate log;

/// Max retries.
pub const MAX_RETRIES: u32 = 3;
static COUNTER: u64 = 0;
pub type Result<T> = std::result::Result<T, Error>;
pub struct Client { base: String }
pub enum Mode { Fast, Slow }
pub trait Transport { fn send(&self, b: &[u8]) -> usize; }
impl Client { pub fn new() -> Self { Client { base: String::new() } } }
impl<T> Transport for Wrapper<T> { fn send(&self, b: &[u8]) -> usize { 0 } }
macro_rules! retry { ($e:expr) => { $e }; }
)rs",
      {.definitions = {{"module", "inline"},
                       {"function", "helper"},
                       {"constant", "MAX_RETRIES"},
                       {"constant", "COUNTER"},
                       {"type", "Result"},
                       {"struct", "Client"},
                       {"enum", "Mode"},
                       {"trait", "Transport"},
                       {"function", "send"},
                       {"impl", "Client"},
                       {"function", "new"},
                       {"impl", "Wrapper"},
                       {"macro", "retry"}},
       .sources = {"client", "crate::net::client", "std::collections", "std::io::Write", "super",
                   "log"},
       .import_names = {{"std::collections", "HashMap"}, {"std::collections", "BTreeMap"}},
       .not_definitions = {{"module", "client"}}});
}

TEST(GrammarQueriesTest, CDefinitionsAndImports) {
  check_language(
      "c", R"c(
#ifndef CLIENT_H
#define CLIENT_H
#include <stdio.h>
#include "net/client.h"
#define MAX_RETRIES 3
#define MIN(a, b) ((a) < (b) ? (a) : (b))
static const int LIMIT = 10;
static volatile const int FLAGS = 2;
static int counter = 0;
struct client { int fd; };
enum mode { FAST, SLOW };
typedef struct { int x; } point_t;
typedef int (*callback_fn)(int);
int client_open(const char *host);
char *client_name(struct client *c) { return 0; }
static int helper(void) { const int local = 1; return local; }
#endif
)c",
      {.definitions = {{"macro", "MAX_RETRIES"},
                       {"macro", "MIN"},
                       {"constant", "LIMIT"},
                       {"constant", "FLAGS"},
                       {"struct", "client"},
                       {"enum", "mode"},
                       {"type", "point_t"},
                       {"type", "callback_fn"},
                       {"function", "client_open"},
                       {"function", "client_name"},
                       {"function", "helper"}},
       .sources = {"<stdio.h>", "\"net/client.h\""},
       .not_definitions = {{"macro", "CLIENT_H"}, {"constant", "local"}, {"constant", "counter"}}});
}

TEST(GrammarQueriesTest, CppDefinitionsAndImports) {
  check_language("cpp", R"cc(
#include <vector>
#include "net/client.h"
                   namespace stc::net {
                   constexpr int kMaxRetries = 3;
                   static const int kLimit = 10;
                   int counter = 0;
                   class Client : public Base {
                    public:
                     Client();
                     ~Client();
                     int send(const char* data);
                     const std::string& name() const { return name_; }

                    private:
                     std::string name_;
                   };
                   struct Options {
                     int timeout;
                   };
                   enum class Mode { kFast, kSlow };
                   using Callback = void (*)(int);
                   template <typename T>
                   T max_of(T a, T b) {
                     return a > b ? a : b;
                   }
                   int Client::send(const char* data) { return 0; }
                   Client* Client::create() { return nullptr; }
                   }  // namespace stc::net
                   int stc::net::Other::run() { return 1; }
                 )cc",
                 {.definitions = {{"namespace", "stc::net"},
                                  {"constant", "kMaxRetries"},
                                  {"constant", "kLimit"},
                                  {"class", "Client"},
                                  {"function", "Client"},
                                  {"method", "~Client"},
                                  {"method", "send"},
                                  {"method", "name"},
                                  {"struct", "Options"},
                                  {"enum", "Mode"},
                                  {"type", "Callback"},
                                  {"function", "max_of"},
                                  {"method", "create"},
                                  {"method", "run"}},
                  .sources = {"<vector>", "\"net/client.h\""},
                  .not_definitions = {{"constant", "counter"}}});
}

TEST(GrammarQueriesTest, JavaDefinitionsAndImports) {
  check_language(
      "java", R"java(
package com.example.net;

import java.util.List;
import java.util.concurrent.*;
import static org.junit.Assert.assertEquals;

/** A client. */
public class Client extends Base {
  public static final int MAX_RETRIES = 3;
  private final String name;
  public Client(String name) { this.name = name; }
  public void close() {}
  interface Listener { void onEvent(String e); }
  enum Mode { FAST, SLOW }
}
record Point(int x, int y) {}
)java",
      {.definitions = {{"class", "Client"},
                       {"constant", "MAX_RETRIES"},
                       {"method", "Client"},
                       {"method", "close"},
                       {"interface", "Listener"},
                       {"method", "onEvent"},
                       {"enum", "Mode"},
                       {"class", "Point"}},
       .sources = {"java.util.List", "java.util.concurrent", "org.junit.Assert.assertEquals"},
       .not_definitions = {{"constant", "name"}}});
}

TEST(GrammarQueriesTest, RubyDefinitionsAndImports) {
  check_language("ruby", R"rb(
require "json"
require_relative "../lib/client"
load "other.rb"

# Networking.
module Net
  MAX_RETRIES = 3
  class Client < Base
    def get(path)
      nil
    end
    def self.create; new; end
  end
end
class Net::Server; end
)rb",
                 {.definitions = {{"module", "Net"},
                                  {"constant", "MAX_RETRIES"},
                                  {"class", "Client"},
                                  {"method", "get"},
                                  {"method", "create"},
                                  {"class", "Server"}},
                  .sources = {"\"json\"", "\"../lib/client\""},
                  .not_sources = {"\"other.rb\""}});
}

TEST(GrammarQueriesTest, CSharpDefinitionsAndImports) {
  check_language(
      "c_sharp", R"cs(
using System;
using System.Collections.Generic;
using static System.Math;
using Json = Newtonsoft.Json;

namespace Example.Net
{
    /// <summary>A client.</summary>
    public class Client : IDisposable
    {
        public const int MaxRetries = 3;
        public Client(string name) { }
        public void Dispose() {}
    }
    public struct Point { public int X; }
    public interface ITransport { void Send(byte[] data); }
    public enum Mode { Fast, Slow }
}
)cs",
      {.definitions = {{"namespace", "Example.Net"},
                       {"class", "Client"},
                       {"constant", "MaxRetries"},
                       {"method", "Client"},
                       {"method", "Dispose"},
                       {"struct", "Point"},
                       {"interface", "ITransport"},
                       {"method", "Send"},
                       {"enum", "Mode"}},
       .sources = {"System", "System.Collections.Generic", "System.Math", "Newtonsoft.Json"},
       .not_sources = {"Json"}});
}

}  // namespace
}  // namespace stc::indexer::syntax
