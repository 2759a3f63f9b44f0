#include "indexer/syntax/extractor.h"
#include "indexer/syntax/doc_text.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <regex>
#include <unordered_map>

#include "core/doc_boilerplate.h"
#include "core/text.h"
#include "indexer/syntax/declarator.h"
#include "indexer/syntax/grammar_table.h"
#include "indexer/syntax/parse_arena.h"

namespace stc::indexer::syntax {
namespace {

constexpr uint64_t kParseTimeoutMicros = 20'000'000;
constexpr size_t kMaxSignatureBytes = 240;
constexpr size_t kMaxDocBytes = 800;
constexpr size_t kMaxReferences = 1500;

// A predicate of one query pattern: on a capture's text (#eq?, #not-eq?,
// #match?, #not-match?), on the type of its node's parent (#stc-parent-in?
// @capture "type" ...; a pattern nested under its parent instead, such as
// (translation_unit (declaration ...)), made a C query take 20 ms to compile)
// or on its node's children (#stc-child-match? @capture "type" "regex": a
// named child of that type whose text matches; the child pattern it replaces,
// (declaration (type_qualifier) @q declarator: ...), cost 6 ms of the C
// query's 16 and 8 ms of C++'s 50 in every process that compiles them).
struct Predicate {
  uint32_t capture = 0;
  bool negate = false;
  bool is_regex = false;
  std::vector<std::string> parent_types;  // #stc-parent-in?
  std::string child_type;                 // #stc-child-match? @capture "type" "regex"
  std::string literal;
  std::regex regex;
  int other_capture = -1;  // #eq? @a @b
};

enum class CaptureRole {
  kOther,
  kDefinition,
  kName,
  kImport,
  kImportSource,
  kImportName,
  kReference,
  kDeclarator  // @declarator: the name is found by following this C/C++ declarator
};

// The capture of the patterns compile() appends to every query: one per
// identifier node type the grammar has, so the query's one walk of the tree
// also finds the references (a second walk with a tree cursor cost as much
// as 8 % of a full index).
constexpr std::string_view kReferenceCapture = "stc.reference";

// Identifier text -> occurrences in one file.
using ReferenceCounts = std::unordered_map<std::string_view, uint32_t>;

// A compiled query plus what the engine needs to read its matches quickly.
struct CompiledLanguage {
  const GrammarEntry* grammar = nullptr;
  const TSLanguage* language = nullptr;
  TSQuery* query = nullptr;
  std::string error;
  std::vector<CaptureRole> roles;                  // by capture id
  std::vector<std::string> def_kinds;              // by capture id, for kDefinition
  std::vector<std::vector<Predicate>> predicates;  // by pattern index
  bool python_docstrings = false;
};

const char* const kIdentifierTypes[] = {"identifier",
                                        "type_identifier",
                                        "field_identifier",
                                        "property_identifier",
                                        "constant",
                                        "shorthand_property_identifier",
                                        "package_identifier",
                                        "namespace_identifier",
                                        "private_property_identifier",
                                        "shorthand_field_identifier"};

void load_predicates(CompiledLanguage& c) {
  const uint32_t patterns = ts_query_pattern_count(c.query);
  c.predicates.resize(patterns);
  for (uint32_t p = 0; p < patterns; ++p) {
    uint32_t steps = 0;
    const TSQueryPredicateStep* s = ts_query_predicates_for_pattern(c.query, p, &steps);
    for (uint32_t i = 0; i < steps;) {
      uint32_t j = i;
      while (j < steps && s[j].type != TSQueryPredicateStepTypeDone) ++j;
      if (j - i >= 3 && s[i].type == TSQueryPredicateStepTypeString &&
          s[i + 1].type == TSQueryPredicateStepTypeCapture) {
        uint32_t len = 0;
        const std::string op = ts_query_string_value_for_id(c.query, s[i].value_id, &len);
        Predicate pred;
        pred.capture = s[i + 1].value_id;
        if (op == "stc-parent-in?") {
          for (uint32_t k = i + 2; k < j; ++k) {
            if (s[k].type != TSQueryPredicateStepTypeString) continue;
            pred.parent_types.emplace_back(
                ts_query_string_value_for_id(c.query, s[k].value_id, &len));
          }
          c.predicates[p].push_back(std::move(pred));
        } else if (op == "stc-child-match?") {
          // Well formed: @capture "type" "regex" (GrammarQueriesTest checks
          // the query files); a malformed one is not read as #match?.
          if (j - i == 4 && s[i + 2].type == TSQueryPredicateStepTypeString &&
              s[i + 3].type == TSQueryPredicateStepTypeString) {
            pred.child_type = ts_query_string_value_for_id(c.query, s[i + 2].value_id, &len);
            pred.literal = ts_query_string_value_for_id(c.query, s[i + 3].value_id, &len);
            pred.regex = std::regex(pred.literal, std::regex::ECMAScript);
            c.predicates[p].push_back(std::move(pred));
          }
        } else if (j - i == 3) {
          pred.negate = op.rfind("not-", 0) == 0 || op.rfind("#not-", 0) == 0;
          pred.is_regex = op.find("match") != std::string::npos;
          if (s[i + 2].type == TSQueryPredicateStepTypeCapture) {
            pred.other_capture = static_cast<int>(s[i + 2].value_id);
          } else {
            pred.literal = ts_query_string_value_for_id(c.query, s[i + 2].value_id, &len);
            if (pred.is_regex) pred.regex = std::regex(pred.literal, std::regex::ECMAScript);
          }
          if (op.find("eq") != std::string::npos || pred.is_regex) {
            c.predicates[p].push_back(std::move(pred));
          }
        }
      }
      i = j + 1;
    }
  }
}

void compile(CompiledLanguage& c) {
  c.language = c.grammar->language();
  std::string source(c.grammar->query);
  for (const char* type : kIdentifierTypes) {
    const auto len = static_cast<uint32_t>(std::strlen(type));
    if (ts_language_symbol_for_name(c.language, type, len, true) == 0) continue;
    source.append("\n(").append(type).append(") @").append(kReferenceCapture);
  }
  uint32_t offset = 0;
  TSQueryError err = TSQueryErrorNone;
  c.query =
      ts_query_new(c.language, source.data(), static_cast<uint32_t>(source.size()), &offset, &err);
  if (!c.query) {
    c.error = "query for " + std::string(c.grammar->name) + " does not compile (error " +
              std::to_string(static_cast<int>(err)) + " at byte " + std::to_string(offset) + ")";
    return;
  }
  const uint32_t captures = ts_query_capture_count(c.query);
  c.roles.resize(captures, CaptureRole::kOther);
  c.def_kinds.resize(captures);
  for (uint32_t i = 0; i < captures; ++i) {
    uint32_t len = 0;
    const char* raw = ts_query_capture_name_for_id(c.query, i, &len);
    const std::string name(raw, len);
    if (name.rfind("definition.", 0) == 0) {
      c.roles[i] = CaptureRole::kDefinition;
      c.def_kinds[i] = name.substr(11);
    } else if (name == "name") {
      c.roles[i] = CaptureRole::kName;
    } else if (name == "import") {
      c.roles[i] = CaptureRole::kImport;
    } else if (name == "import.source") {
      c.roles[i] = CaptureRole::kImportSource;
    } else if (name == "import.name") {
      c.roles[i] = CaptureRole::kImportName;
    } else if (name == kReferenceCapture) {
      c.roles[i] = CaptureRole::kReference;
    } else if (name == "declarator") {
      c.roles[i] = CaptureRole::kDeclarator;
    }
  }
  load_predicates(c);
  c.python_docstrings = c.grammar->name == "python";
}

// Compiled languages, each built once per process on first use.
struct LanguageSlot {
  std::once_flag once;
  CompiledLanguage compiled;
};

std::vector<LanguageSlot>& language_slots() {
  static std::vector<LanguageSlot> slots(grammar_table().size());
  return slots;
}

const CompiledLanguage* find_language(std::string_view name) {
  const auto table = grammar_table();
  auto& slots = language_slots();
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i].name != name) continue;
    std::call_once(slots[i].once, [&] {
      slots[i].compiled.grammar = &table[i];
      compile(slots[i].compiled);
    });
    return &slots[i].compiled;
  }
  return nullptr;
}

std::string_view node_text(TSNode node, std::string_view src) {
  const uint32_t b = ts_node_start_byte(node);
  const uint32_t e = std::min<uint32_t>(ts_node_end_byte(node), static_cast<uint32_t>(src.size()));
  return b < e ? src.substr(b, e - b) : std::string_view{};
}

bool parent_in(TSNode node, const std::vector<std::string>& types) {
  const TSNode up = ts_node_parent(node);
  return !ts_node_is_null(up) &&
         std::find(types.begin(), types.end(), ts_node_type(up)) != types.end();
}

// Whether a named child of `node` has type `type` and text matching `re`.
bool child_matches(TSNode node, std::string_view type, const std::regex& re, std::string_view src) {
  const uint32_t n = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < n; ++i) {
    const TSNode child = ts_node_named_child(node, i);
    if (ts_node_type(child) != type) continue;
    const std::string_view text = node_text(child, src);
    if (std::regex_search(text.begin(), text.end(), re)) return true;
  }
  return false;
}

bool satisfies(const CompiledLanguage& c, const TSQueryMatch& m, std::string_view src) {
  for (const auto& pred : c.predicates[m.pattern_index]) {
    const TSNode* node = nullptr;
    std::string_view other;
    for (uint16_t i = 0; i < m.capture_count; ++i) {
      if (m.captures[i].index == pred.capture) node = &m.captures[i].node;
      if (pred.other_capture >= 0 &&
          m.captures[i].index == static_cast<uint32_t>(pred.other_capture)) {
        other = node_text(m.captures[i].node, src);
      }
    }
    if (!node) continue;
    bool ok;
    if (!pred.parent_types.empty()) {
      ok = parent_in(*node, pred.parent_types);
    } else if (!pred.child_type.empty()) {
      ok = child_matches(*node, pred.child_type, pred.regex, src);
    } else {
      const std::string_view value = node_text(*node, src);
      if (pred.is_regex) {
        ok = std::regex_search(value.begin(), value.end(), pred.regex);
      } else {
        ok = value == (pred.other_capture >= 0 ? other : std::string_view(pred.literal));
      }
    }
    if (ok == pred.negate) return false;
  }
  return true;
}

// Cleans a comment block: drops //, ///, #, /* */, leading * and blank edges.
std::string clean_comment_lines(std::string_view raw) {
  std::vector<std::string> lines;
  for (auto line : stc::split(raw, '\n')) {
    auto l = stc::trim(line);
    for (std::string_view marker : {"/**", "/*!", "/*", "*/", "///", "//!", "//", "#", "--"}) {
      if (stc::starts_with(l, marker)) {
        l.remove_prefix(marker.size());
        break;
      }
    }
    if (stc::ends_with(l, "*/")) l.remove_suffix(2);
    if (stc::starts_with(l, "*")) l.remove_prefix(1);
    lines.emplace_back(stc::trim(l));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t first = 0;
  while (first < lines.size() && lines[first].empty()) ++first;
  std::vector<std::string> kept(lines.begin() + static_cast<long>(first), lines.end());
  return stc::join(kept, "\n");
}

std::string clean_comment(std::string_view raw) {
  return stc::truncate_utf8(clean_comment_lines(raw), kMaxDocBytes);
}

std::string clean_docstring(std::string_view raw) {
  auto s = stc::trim(raw);
  while (!s.empty() && std::string_view("rRuUbBfF").find(s[0]) != std::string_view::npos) {
    s.remove_prefix(1);
  }
  for (std::string_view q : {"\"\"\"", "'''", "\"", "'"}) {
    if (stc::starts_with(s, q) && stc::ends_with(s, q) && s.size() >= 2 * q.size()) {
      s = s.substr(q.size(), s.size() - 2 * q.size());
      break;
    }
  }
  std::vector<std::string> lines;
  for (auto line : stc::split(s, '\n')) lines.emplace_back(stc::trim(line));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t first = 0;
  while (first < lines.size() && lines[first].empty()) ++first;
  std::vector<std::string> kept(lines.begin() + static_cast<long>(first), lines.end());
  return stc::truncate_utf8(stc::join(kept, "\n"), kMaxDocBytes);
}

bool is_comment(TSNode n) {
  return std::string_view(ts_node_type(n)).find("comment") != std::string_view::npos;
}

bool is_decoration(TSNode n) {
  const std::string_view t = ts_node_type(n);
  return t == "attribute_item" || t == "decorator" || t == "annotation" ||
         t == "marker_annotation" || t == "attribute_list";
}

// The comment block directly above `node` (or above the statement wrapping it).
// The line before the line holding byte offset `at`, trimmed ("" at the top).
std::string_view previous_line(std::string_view src, uint32_t at) {
  const size_t line_start = src.rfind('\n', at == 0 ? 0 : at - 1);
  if (line_start == std::string_view::npos || line_start == 0) return {};
  const size_t prev_start = src.rfind('\n', line_start - 1);
  const size_t begin = prev_start == std::string_view::npos ? 0 : prev_start + 1;
  return stc::trim(src.substr(begin, line_start - begin));
}

// Python: the start of the first line of the run of single-line decorators
// ending on the line above `at` (`at` itself when there is none). A decorator
// line holding a comment ends the run: the comment may be the doc.
uint32_t above_python_decorators(std::string_view src, uint32_t at) {
  while (true) {
    const std::string_view prev = previous_line(src, at);
    if (prev.empty() || prev[0] != '@' || prev.find('#') != std::string_view::npos) return at;
    // `prev` lies inside `src`: the start of its line is the start of the line above `at`.
    at = static_cast<uint32_t>(src.rfind('\n', prev.data() - src.data()) + 1);
  }
}

// Python: whether the (trimmed) line above a run of decorators shows that no
// comment is attached above them: blank, or a whole statement of its own that
// holds no comment or string (a block opener, a one-line stub definition),
// so not the tail of a multi-line decorator either.
bool python_line_ends_statement(std::string_view line) {
  if (line.empty()) return true;
  if (line.find_first_of("#'\"\\") != std::string_view::npos) return false;
  return stc::ends_with(line, ":") || stc::starts_with(line, "def ") ||
         stc::starts_with(line, "async def ") || stc::starts_with(line, "class ");
}

// Cheap test before the tree walk: can the line above hold a comment or a
// decoration? (ts_node_prev_sibling and ts_node_parent descend from the root
// in tree-sitter 0.20, which is quadratic on files with thousands of
// top-level definitions, and most definitions have no comment above them.)
bool may_have_comment_above(TSNode node, std::string_view src, bool python) {
  const uint32_t start = ts_node_start_byte(node);
  const size_t line_start = src.rfind('\n', start == 0 ? 0 : start - 1);
  const size_t begin = line_start == std::string_view::npos ? 0 : line_start + 1;
  // A definition that does not start its line (`export function`) may be
  // documented above its wrapper: take the slow path.
  if (!stc::trim(src.substr(begin, start - begin)).empty()) return true;
  if (python) {
    // Decorated (`@overload`, `@property`: most of a stub file): the doc
    // would be a comment right above the decorators.
    const uint32_t top = above_python_decorators(src, static_cast<uint32_t>(begin));
    if (top != begin && python_line_ends_statement(previous_line(src, top))) return false;
  }
  const std::string_view prev = previous_line(src, start);
  if (prev.empty()) return false;
  for (std::string_view marker : {"#", "//", "/*", "*", "--", "@", "[", "'''", "\"\"\""}) {
    if (stc::starts_with(prev, marker)) return true;
  }
  return stc::ends_with(prev, "*/");
}

std::string preceding_comment(TSNode node, std::string_view src, bool python) {
  if (!may_have_comment_above(node, src, python)) return {};
  TSNode anchor = node;
  for (int climb = 0; climb < 2; ++climb) {
    TSNode prev = ts_node_prev_sibling(anchor);
    while (!ts_node_is_null(prev) && is_decoration(prev)) prev = ts_node_prev_sibling(prev);
    if (!ts_node_is_null(prev) && is_comment(prev)) break;
    TSNode parent = ts_node_parent(anchor);
    if (ts_node_is_null(parent) || ts_node_is_null(ts_node_parent(parent))) break;
    const std::string_view ptype = ts_node_type(parent);
    const bool wrapper = ptype == "decorated_definition" || ptype == "export_statement" ||
                         ptype == "template_declaration";
    if (!wrapper && ts_node_start_point(parent).row != ts_node_start_point(anchor).row) break;
    anchor = parent;
  }
  std::vector<std::string_view> parts;
  uint32_t next_row = ts_node_start_point(anchor).row;
  TSNode prev = ts_node_prev_sibling(anchor);
  while (!ts_node_is_null(prev) && (is_comment(prev) || is_decoration(prev))) {
    if (ts_node_end_point(prev).row + 1 < next_row) break;
    if (is_comment(prev)) parts.push_back(node_text(prev, src));
    next_row = ts_node_start_point(prev).row;
    prev = ts_node_prev_sibling(prev);
  }
  std::string joined;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    joined.append(*it);
    joined.push_back('\n');
  }
  return clean_comment(joined);
}

// The docstring of a Python block: its first statement when it is a string.
std::string python_docstring(TSNode block, std::string_view src) {
  if (ts_node_is_null(block) || ts_node_named_child_count(block) == 0) return {};
  TSNode first = ts_node_named_child(block, 0);
  // Comments (a shebang, a license header) are not statements.
  while (!ts_node_is_null(first) && is_comment(first)) first = ts_node_next_named_sibling(first);
  if (ts_node_is_null(first) || std::string_view(ts_node_type(first)) != "expression_statement") {
    return {};
  }
  TSNode str = ts_node_named_child(first, 0);
  if (ts_node_is_null(str) || std::string_view(ts_node_type(str)) != "string") return {};
  return clean_docstring(node_text(str, src));
}

// The comments opening a file (after a shebang line), one paragraph per
// group of adjacent comments, without license and generated banners.
std::string leading_comment_doc(TSNode root, std::string_view src) {
  if (ts_node_named_child_count(root) == 0) return {};
  TSNode n = ts_node_named_child(root, 0);
  if (std::string_view(ts_node_type(n)) == "hash_bang_line") n = ts_node_next_named_sibling(n);
  std::string doc;
  uint32_t last_row = 0;
  for (; !ts_node_is_null(n) && is_comment(n); n = ts_node_next_named_sibling(n)) {
    if (!doc.empty() && ts_node_start_point(n).row > last_row + 1) doc += "\n";
    doc += clean_comment_lines(node_text(n, src)) + "\n";
    last_row = ts_node_end_point(n).row;
  }
  return stc::truncate_utf8(strip_doc_boilerplate(doc), kMaxDocBytes);
}

std::string signature_of(TSNode node, std::string_view src) {
  const uint32_t start = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  TSNode body = ts_node_child_by_field_name(node, "body", 4);
  if (!ts_node_is_null(body) && ts_node_start_byte(body) > start) end = ts_node_start_byte(body);
  std::string_view text = src.substr(start, std::min<size_t>(end, src.size()) - start);
  // Single-line shapes (constants, fields) keep only their first line.
  if (ts_node_is_null(body)) text = text.substr(0, text.find('\n'));
  std::string sig = stc::squash_spaces(text.substr(0, 4 * kMaxSignatureBytes));
  // Multi-line parameter lists leave "( a, b )" behind once squashed.
  for (const auto& [from, to] :
       {std::pair{"( ", "("}, {" )", ")"}, {"[ ", "["}, {" ]", "]"}, {",)", ")"}}) {
    for (size_t at = sig.find(from); at != std::string::npos; at = sig.find(from, at)) {
      sig.replace(at, std::string_view(from).size(), to);
    }
  }
  while (!sig.empty() && (sig.back() == '{' || sig.back() == ':' || sig.back() == ' ')) {
    sig.pop_back();
  }
  return stc::truncate_utf8(sig, kMaxSignatureBytes);
}

std::string clean_import_source(std::string_view s) {
  s = stc::trim(s);
  while (!s.empty() && std::string_view("\"'`<").find(s.front()) != std::string_view::npos) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::string_view("\"'`>").find(s.back()) != std::string_view::npos) {
    s.remove_suffix(1);
  }
  return stc::squash_spaces(s);
}

// Definitions whose nested functions are methods. A Ruby module holds
// methods; a Rust or C++ module/namespace holds plain functions.
bool is_type_like(const std::string& kind, bool modules_hold_methods) {
  return kind == "class" || kind == "struct" || kind == "interface" || kind == "trait" ||
         kind == "impl" || kind == "enum" || (kind == "module" && modules_hold_methods);
}

struct RawDef {
  TSNode node;
  uint32_t start = 0;
  uint32_t end = 0;
  syntax::Definition def;
};

// Sorts definitions by position and links each to its innermost enclosing one.
std::vector<Definition> nest(std::vector<RawDef> raw, bool modules_hold_methods) {
  std::sort(raw.begin(), raw.end(), [](const RawDef& a, const RawDef& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::vector<Definition> out;
  std::vector<std::pair<uint32_t, int32_t>> stack;  // (end byte, index)
  for (auto& r : raw) {
    while (!stack.empty() && stack.back().first <= r.start) stack.pop_back();
    r.def.parent = stack.empty() ? -1 : stack.back().second;
    if (r.def.kind == "function" && r.def.parent >= 0 &&
        is_type_like(out[static_cast<size_t>(r.def.parent)].kind, modules_hold_methods)) {
      r.def.kind = "method";
    }
    stack.emplace_back(r.end, static_cast<int32_t>(out.size()));
    out.push_back(std::move(r.def));
  }
  return out;
}

}  // namespace

std::string_view language_for_path(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base == "Rakefile" || base == "Gemfile" || base == "Guardfile") return "ruby";
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0)
    return is_doc_path(path) ? kDocLanguage : std::string_view{};
  // Called for every path a pass or a plan looks at: no allocation. No
  // grammar's extension is this long.
  const std::string_view ext = base.substr(dot);
  char lower[16];
  if (ext.size() < sizeof lower) {
    for (size_t i = 0; i < ext.size(); ++i) {
      const char c = ext[i];
      lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view want(lower, ext.size());
    for (const auto& g : grammar_table()) {
      for (std::string_view rest = g.extensions; !rest.empty();) {
        const size_t space = rest.find(' ');
        if (rest.substr(0, space) == want) return g.name;
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
    }
  }
  return is_doc_path(path) ? kDocLanguage : std::string_view{};
}

std::vector<std::string> supported_languages() {
  std::vector<std::string> out;
  for (const auto& g : grammar_table()) out.emplace_back(g.name);
  return out;
}

struct Extractor::Impl {
  // Definitions and imports into `facts`, identifier texts into `references`.
  void collect(const CompiledLanguage& c, TSQueryCursor* cursor, TSNode root, std::string_view src,
               FileFacts& facts, ReferenceCounts& references);
};

namespace {

// The tree-sitter objects of one file's parse, made and deleted inside the
// file's ParseArena::Scope (declared before this, so deleted after it).
struct ParseObjects {
  TSParser* parser = ts_parser_new();
  TSQueryCursor* cursor = ts_query_cursor_new();
  TSTree* tree = nullptr;
  ParseObjects() = default;
  ParseObjects(const ParseObjects&) = delete;
  ParseObjects& operator=(const ParseObjects&) = delete;
  ~ParseObjects() {
    if (tree) ts_tree_delete(tree);
    ts_query_cursor_delete(cursor);
    ts_parser_delete(parser);
  }
};

}  // namespace

Extractor::Extractor() : impl_(std::make_unique<Impl>()) {}
Extractor::~Extractor() = default;

void Extractor::Impl::collect(const CompiledLanguage& c, TSQueryCursor* cursor, TSNode root,
                              std::string_view src, FileFacts& facts, ReferenceCounts& references) {
  std::vector<RawDef> defs;
  std::unordered_map<uint64_t, size_t> def_at;  // (start, end) -> index in defs
  std::vector<TSNode> sources, names;           // of one match, reused
  ts_query_cursor_exec(cursor, c.query, root);
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cursor, &m)) {
    if (m.capture_count == 1 && c.roles[m.captures[0].index] == CaptureRole::kReference) {
      const auto t = node_text(m.captures[0].node, src);
      if (t.size() > 1 && t.size() < 80) ++references[t];
      continue;
    }
    if (!satisfies(c, m, src)) continue;
    TSNode def_node{}, name_node{}, import_node{}, declarator_node{};
    const std::string* kind = nullptr;
    sources.clear();
    names.clear();
    bool has_def = false, has_name = false, has_import = false, has_declarator = false;
    for (uint16_t i = 0; i < m.capture_count; ++i) {
      const TSQueryCapture& cap = m.captures[i];
      switch (c.roles[cap.index]) {
        case CaptureRole::kDefinition:
          def_node = cap.node;
          kind = &c.def_kinds[cap.index];
          has_def = true;
          break;
        case CaptureRole::kName:
          name_node = cap.node;
          has_name = true;
          break;
        case CaptureRole::kImport:
          import_node = cap.node;
          has_import = true;
          break;
        case CaptureRole::kImportSource:
          sources.push_back(cap.node);
          break;
        case CaptureRole::kImportName:
          names.push_back(cap.node);
          break;
        case CaptureRole::kDeclarator:
          declarator_node = cap.node;
          has_declarator = true;
          break;
        case CaptureRole::kOther:
        case CaptureRole::kReference:
          break;
      }
    }
    std::string_view def_kind = has_def ? std::string_view(*kind) : std::string_view{};
    if (has_def && has_declarator && !has_name) {
      const DeclaredName declared = declared_function(ts_node_type(def_node), declarator_node);
      if (declared.kind.empty()) continue;
      name_node = declared.name;
      def_kind = declared.kind;
      has_name = true;
    }
    if (has_def && has_name) {
      const uint32_t b = ts_node_start_byte(def_node), e = ts_node_end_byte(def_node);
      const uint64_t key = (uint64_t{b} << 32) | e;
      auto [it, fresh] = def_at.emplace(key, defs.size());
      if (!fresh) {
        if (def_kind == "method") defs[it->second].def.kind = def_kind;  // the more specific wins
        continue;
      }
      RawDef r{def_node, b, e, {}};
      r.def.kind = def_kind;
      r.def.name = stc::sanitize_utf8(stc::truncate_utf8(node_text(name_node, src), 200));
      r.def.start_line = ts_node_start_point(def_node).row + 1;
      r.def.end_line = ts_node_end_point(def_node).row + 1;
      defs.push_back(std::move(r));
    } else if (has_import) {
      if (std::string_view(ts_node_type(import_node)) == "mod_item" &&
          !ts_node_is_null(ts_node_child_by_field_name(import_node, "body", 4))) {
        continue;  // an inline Rust module, not a file reference
      }
      std::string joined;
      for (TSNode n : names) {
        if (!joined.empty()) joined += ",";
        joined += node_text(n, src);
      }
      const uint32_t line = ts_node_start_point(import_node).row + 1;
      for (TSNode s : sources) {
        const std::string source = clean_import_source(node_text(s, src));
        // "from a import b, c" matches once per name: merge into one import.
        if (!facts.imports.empty() && facts.imports.back().line == line &&
            facts.imports.back().source == source) {
          auto& prev = facts.imports.back();
          if (!joined.empty()) prev.names += (prev.names.empty() ? "" : ",") + joined;
          continue;
        }
        Import im;
        im.source = stc::sanitize_utf8(source);
        im.names = stc::sanitize_utf8(joined);
        im.line = line;
        im.kind = std::string_view(ts_node_type(import_node)) == "mod_item" ? "mod" : "import";
        if (!im.source.empty()) facts.imports.push_back(std::move(im));
      }
    }
  }
  for (auto& r : defs) {
    r.def.signature = stc::sanitize_utf8(signature_of(r.node, src));
    if (c.python_docstrings) {
      TSNode target = r.node;
      if (std::string_view(ts_node_type(target)) == "decorated_definition") {
        target = ts_node_child_by_field_name(target, "definition", 10);
      }
      if (!ts_node_is_null(target)) {
        r.def.doc = python_docstring(ts_node_child_by_field_name(target, "body", 4), src);
      }
      if (r.def.doc.empty()) r.def.doc = preceding_comment(r.node, src, true);
    } else {
      r.def.doc = preceding_comment(r.node, src, false);
    }
    r.def.doc = stc::sanitize_utf8(r.def.doc);
  }
  facts.definitions = nest(std::move(defs), c.grammar->name == "ruby");
}

namespace {

// The most frequent identifiers, most frequent first (ties by text).
void keep_references(const ReferenceCounts& counts, FileFacts& facts) {
  std::vector<std::pair<std::string_view, uint32_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (sorted.size() > kMaxReferences) sorted.resize(kMaxReferences);
  facts.references.reserve(sorted.size());
  for (const auto& [name, count] : sorted) facts.references.push_back(stc::sanitize_utf8(name));
}

}  // namespace

Result<FileFacts> Extractor::extract(std::string_view language, std::string_view source) {
  if (language == kDocLanguage) return extract_doc(source);
  const CompiledLanguage* c = find_language(language);
  if (!c)
    return fail(ErrorCode::kInternal, "no grammar for language '" + std::string(language) + "'");
  if (!c->query) return fail(ErrorCode::kInternal, c->error);
  // Everything tree-sitter allocates for this file comes from the thread's
  // arena and goes back at once when the scope ends.
  ParseArena::Scope arena;
  ParseObjects ts;
  ts_parser_set_language(ts.parser, c->language);
  ts_parser_set_timeout_micros(ts.parser, kParseTimeoutMicros);
  ts.tree = ts_parser_parse_string(ts.parser, nullptr, source.data(),
                                   static_cast<uint32_t>(source.size()));
  if (!ts.tree) return fail(ErrorCode::kUnavailable, "parsing timed out");
  FileFacts facts;
  TSNode root = ts_tree_root_node(ts.tree);
  facts.has_errors = ts_node_has_error(root);
  facts.lines = static_cast<uint32_t>(std::count(source.begin(), source.end(), '\n')) +
                (!source.empty() && source.back() != '\n' ? 1 : 0);
  ReferenceCounts references;
  references.reserve(source.size() / 64);  // about one distinct identifier per 64 bytes
  impl_->collect(*c, ts.cursor, root, source, facts, references);
  keep_references(references, facts);
  if (c->python_docstrings) facts.module_doc = python_docstring(root, source);
  if (facts.module_doc.empty()) facts.module_doc = leading_comment_doc(root, source);
  facts.module_doc = stc::sanitize_utf8(strip_doc_boilerplate(facts.module_doc));
  return facts;
}

}  // namespace stc::indexer::syntax
