#pragma once
// Small helpers for the self-contained HTML reports (`stc report`,
// `stc-eval report --html`): escaping and the page frame with its inline
// style. No external resources: a page opens from disk with no network.

#include <string>
#include <string_view>

namespace stc {

/// Escapes &, <, >, " and ' for text and attribute values.
std::string escape(std::string_view s);

/// A complete page: doctype, UTF-8, title, the shared inline style, `body`.
std::string page(std::string_view title, std::string_view body);

/// "%.Nf" of v (printf formatting without a locale dependency on callers).
std::string fixed(double v, int decimals);

}  // namespace stc
