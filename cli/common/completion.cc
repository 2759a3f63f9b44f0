// How it works: the CLI11 tree is flattened into nodes, one per command
// path ("" for the program itself, "hook install" for a nested command),
// each with its options and child commands. Each shell's script then finds
// the node from the words typed so far (walking known command names) and
// offers that node's options or commands; the program's own options are
// offered everywhere, as the binaries let them follow a subcommand.

#include "cli/common/completion.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <vector>

namespace stc::cli::common {
namespace {

struct Opt {
  std::vector<std::string> names;  // "-n", "--limit"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices;  // from a "TEXT:{md,json}" type name
};

struct Sub {
  std::string name;
  std::string description;
};

struct Node {
  std::string path;  // command words after the program, space separated
  std::string last;  // the last of them ("" for the program)
  std::vector<Opt> opts;
  std::vector<Sub> subs;
};

std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  const auto open = type_name.find('{');
  const auto close = type_name.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string cur;
  for (char ch : type_name.substr(open + 1, close - open - 1)) {
    if (ch == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (ch != ' ') {
      cur.push_back(ch);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

void collect(const CLI::App& app, const std::string& path, const std::string& last,
             std::vector<Node>& out) {
  Node node{path, last, {}, {}};
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty()) continue;
    Opt opt;
    for (const auto& s : o->get_snames()) opt.names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) opt.names.push_back("--" + l);
    if (opt.names.empty()) continue;
    opt.description = o->get_description();
    opt.takes_value = o->get_expected_max() > 0;  // flags expect 0 values
    if (opt.takes_value) opt.choices = choices_of(o->get_type_name());
    node.opts.push_back(std::move(opt));
  }
  const auto subs = app.get_subcommands([](const CLI::App* a) { return !a->get_name().empty(); });
  for (const CLI::App* sub : subs) node.subs.push_back({sub->get_name(), sub->get_description()});
  out.push_back(std::move(node));
  for (const CLI::App* sub : subs) {
    collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), sub->get_name(),
            out);
  }
}

// The program's options also apply after a subcommand (fallthrough).
std::vector<Node> flatten(const CLI::App& app) {
  std::vector<Node> nodes;
  collect(app, "", "", nodes);
  for (size_t i = 1; i < nodes.size(); ++i) {
    for (const auto& o : nodes[0].opts) {
      if (o.names.back() != "--help" && o.names.back() != "--version") nodes[i].opts.push_back(o);
    }
  }
  return nodes;
}

// Appends `item` to a `sep`-separated list.
void append(std::string& list, const char* sep, const std::string& item) {
  if (!list.empty()) list += sep;
  list += item;
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string function_name(const std::string& program) {
  std::string out = "_";
  for (char c : program) out += (c == '-' ? '_' : c);
  return out;
}

// Walks the typed words to the node: `case "$node|$word"` arms.
std::string walk_arms(const std::vector<Node>& nodes) {
  std::string out;
  for (const auto& n : nodes) {
    for (const auto& s : n.subs) {
      const std::string next = n.path.empty() ? s.name : n.path + " " + s.name;
      out += "      " + single_quoted(n.path + "|" + s.name) + ") node=" + single_quoted(next) +
             " ;;\n";
    }
  }
  return out;
}

std::string bash_script(const std::vector<Node>& nodes, const std::string& program) {
  const std::string fn = function_name(program) + "_complete";
  std::string value_arms;
  std::string node_arms;
  for (const auto& n : nodes) {
    std::string opts;
    std::string subs;
    for (const auto& o : n.opts) {
      for (const auto& name : o.names) append(opts, " ", name);
      if (!o.takes_value) continue;
      std::string pattern;
      for (const auto& name : o.names) {
        append(pattern, "|", single_quoted(n.path + "|" + name));
      }
      std::string words;
      for (const auto& c : o.choices) append(words, " ", c);
      value_arms += "    " + pattern + ")\n      " +
                    (words.empty() ? std::string("return 0")
                                   : "COMPREPLY=($(compgen -W " + single_quoted(words) +
                                         " -- \"$cur\")); return 0") +
                    " ;;\n";
    }
    for (const auto& s : n.subs) append(subs, " ", s.name);
    node_arms += "    " + single_quoted(n.path) + ") opts=" + single_quoted(opts) +
                 "; subs=" + single_quoted(subs) + " ;;\n";
  }
  return "# bash completion for " + program + " (generated by `" + program +
         " completion bash`)\n" + fn +
         "() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev= node= opts= subs= i\n"
         "  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case \"$node|${COMP_WORDS[i]}\" in\n" +
         walk_arms(nodes) +
         "    esac\n"
         "  done\n"
         "  COMPREPLY=()\n"
         "  case \"$node|$prev\" in\n" +
         value_arms +
         "  esac\n"
         "  case \"$node\" in\n" +
         node_arms +
         "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "  elif [[ -n $subs ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
         "  fi\n"
         "  return 0\n"
         "}\n"
         "complete -o default -F " +
         fn + " " + program + "\n";
}

std::string zsh_item(const std::string& name, const std::string& description) {
  std::string escaped;
  for (char c : name) escaped += c == ':' ? std::string("\\:") : std::string(1, c);
  return single_quoted(escaped + ":" + description);
}

std::string zsh_script(const std::vector<Node>& nodes, const std::string& program) {
  const std::string fn = function_name(program);
  std::string value_arms;
  std::string node_arms;
  for (const auto& n : nodes) {
    std::string opts;
    std::string subs;
    for (const auto& o : n.opts) {
      for (const auto& name : o.names) append(opts, " ", zsh_item(name, o.description));
      if (!o.takes_value) continue;
      std::string pattern;
      for (const auto& name : o.names) {
        append(pattern, "|", single_quoted(n.path + "|" + name));
      }
      std::string words;
      for (const auto& c : o.choices) append(words, " ", single_quoted(c));
      value_arms += "    " + pattern + ") " +
                    (words.empty() ? std::string("_files") : "compadd -- " + words) +
                    "; return ;;\n";
    }
    for (const auto& s : n.subs) append(subs, " ", zsh_item(s.name, s.description));
    node_arms += "    " + single_quoted(n.path) + ") opts=(" + opts + "); subs=(" + subs + ") ;;\n";
  }
  return "#compdef " + program + "\n# zsh completion for " + program + " (generated by `" +
         program + " completion zsh`)\n" + fn +
         "() {\n"
         "  local node= i\n"
         "  local -a opts subs\n"
         "  for ((i = 2; i < CURRENT; i++)); do\n"
         "    case \"$node|${words[i]}\" in\n" +
         walk_arms(nodes) +
         "    esac\n"
         "  done\n"
         "  case \"$node|${words[CURRENT-1]}\" in\n" +
         value_arms +
         "  esac\n"
         "  case \"$node\" in\n" +
         node_arms +
         "  esac\n"
         "  if [[ $PREFIX == -* ]]; then\n"
         "    _describe -t options option opts\n"
         "  elif (( ${#subs} )); then\n"
         "    _describe -t commands command subs\n"
         "  else\n"
         "    _files\n"
         "  fi\n"
         "}\n"
         "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n  " +
         fn + " \"$@\"\nelse\n  compdef " + fn + " " + program + "\nfi\n";
}

// The fish condition that the command line is at `n`.
std::string fish_condition(const Node& n) {
  if (n.path.empty()) return "__fish_use_subcommand";
  std::string cond = "__fish_seen_subcommand_from " + n.last;
  if (!n.subs.empty()) {
    cond += "; and not __fish_seen_subcommand_from";
    for (const auto& s : n.subs) cond += " " + s.name;
  }
  return cond;
}

std::string fish_script(const std::vector<Node>& nodes, const std::string& program) {
  std::string out =
      "# fish completion for " + program + " (generated by `" + program + " completion fish`)\n";
  for (const auto& n : nodes) {
    const std::string cond = single_quoted(fish_condition(n));
    for (const auto& s : n.subs) {
      out += "complete -c " + program + " -f -n " + cond + " -a " + single_quoted(s.name) + " -d " +
             single_quoted(s.description) + "\n";
    }
    for (const auto& o : n.opts) {
      std::string line = "complete -c " + program;
      if (!n.path.empty()) line += " -n " + single_quoted("__fish_seen_subcommand_from " + n.last);
      for (const auto& name : o.names) {
        line += name.rfind("--", 0) == 0 ? " -l " + name.substr(2) : " -s " + name.substr(1);
      }
      if (o.takes_value) line += " -r";
      if (!o.choices.empty()) {
        std::string words;
        for (const auto& c : o.choices) append(words, " ", c);
        line += " -x -a " + single_quoted(words);
      }
      out += line + " -d " + single_quoted(o.description) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string completion_script(const CLI::App& app, const std::string& program, Shell shell) {
  const auto nodes = flatten(app);
  switch (shell) {
    case Shell::kBash:
      return bash_script(nodes, program);
    case Shell::kZsh:
      return zsh_script(nodes, program);
    case Shell::kFish:
      return fish_script(nodes, program);
  }
  return {};
}

void register_completion(CLI::App& app, const std::string& program, std::function<Status()>& out) {
  auto shell = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("completion",
                                 "Print the shell completion script (bash, zsh or fish) on stdout");
  cmd->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->callback([&app, &out, shell, program] {
    out = [&app, shell, program]() -> Status {
      const Shell s = *shell == "zsh"    ? Shell::kZsh
                      : *shell == "fish" ? Shell::kFish
                                         : Shell::kBash;
      std::fputs(completion_script(app, program, s).c_str(), stdout);
      return {};
    };
  });
}

}  // namespace stc::cli::common
