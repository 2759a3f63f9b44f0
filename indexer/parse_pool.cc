#include "indexer/parse_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "indexer/syntax/extractor.h"

namespace stc::indexer {

struct ExtractorHandle::Impl {
  syntax::Extractor extractor;
};

ExtractorHandle::ExtractorHandle() : impl_(std::make_unique<Impl>()) {}
ExtractorHandle::~ExtractorHandle() = default;

namespace {

constexpr size_t kBinarySniffBytes = 8000;

bool looks_binary(const std::string& content) {
  const size_t n = std::min(content.size(), kBinarySniffBytes);
  return std::memchr(content.data(), '\0', n) != nullptr;
}

// A bounded multi-producer, single-consumer queue of outcomes. The consumer
// is woken once per batch of outcomes (or for the last ones), not for every
// file: a wake-up per file cost two futex calls and a context switch.
class OutcomeQueue {
 public:
  OutcomeQueue(size_t capacity, size_t expected)
      : capacity_(capacity), batch_(std::min<size_t>(kWakeBatch, capacity)), expected_(expected) {}

  // Returns false when the consumer has stopped.
  bool push(ParseOutcome&& o) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    items_.push_back(std::move(o));
    ++pushed_;
    if (items_.size() >= batch_ || pushed_ == expected_) not_empty_.notify_one();
    return true;
  }

  // Moves the queued outcomes into `out` (empty on entry): a batch, or the
  // rest once every expected outcome was pushed.
  void pop_all(std::deque<ParseOutcome>& out) {
    std::unique_lock lock(mu_);
    not_empty_.wait(
        lock, [&] { return items_.size() >= batch_ || (pushed_ == expected_ && !items_.empty()); });
    out.swap(items_);
    not_full_.notify_all();
  }

  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    not_full_.notify_all();
  }

 private:
  static constexpr size_t kWakeBatch = 32;
  size_t capacity_;
  size_t batch_;
  size_t expected_;
  size_t pushed_ = 0;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<ParseOutcome> items_;
  bool stopped_ = false;
};

// `.h` is C by default; a header that uses C++ (namespaces, classes,
// templates, scope resolution) is parsed with the C++ grammar instead, which
// spares error recovery. The blob stays keyed as "c" so caching is unchanged.
std::string grammar_for(const ParseTask& task, const std::string& content) {
  if (task.language != "c" || !task.path.ends_with(".h")) return task.language;
  const std::string_view head(content.data(), std::min<size_t>(content.size(), 64 * 1024));
  for (std::string_view marker :
       {"namespace ", "template<", "template <", "public:", "std::", "class ", "::"}) {
    if (head.find(marker) != std::string_view::npos) return "cpp";
  }
  return task.language;
}

}  // namespace

ParseOutcome parse_one(const git::Repository& repo, ExtractorHandle& extractor,
                       const ParseTask& task, uint64_t max_file_bytes) {
  ParseOutcome out;
  auto blob = repo.read_blob(task.oid);
  if (!blob) {
    out.status = store::FileStatus::kUnavailable;
    out.error = task.path + ": " + blob.error().message;
    return out;
  }
  const std::string& content = blob->content;
  if (content.size() > max_file_bytes) {
    out.status = store::FileStatus::kTooLarge;
    return out;
  }
  if (looks_binary(content)) {
    out.status = store::FileStatus::kBinary;
    return out;
  }
  auto facts = extractor.impl().extractor.extract(grammar_for(task, content), content);
  out.record.oid = task.oid.hex();
  out.record.language = task.language;
  out.record.bytes = content.size();
  if (!facts) {
    // Keep the file (path and size) searchable; say why it has no facts.
    out.error = task.path + ": " + facts.error().message;
  } else {
    // No skeleton: the store renders it from the symbols when it is read.
    out.record.facts = std::move(*facts);
  }
  out.status = store::FileStatus::kIndexed;
  return out;
}

Status parse_blobs(const std::string& git_dir, const std::vector<ParseTask>& tasks,
                   const ParsePoolOptions& options,
                   const std::function<Status(ParseOutcome&&)>& consume) {
  if (tasks.empty()) return {};
  const unsigned jobs =
      std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(tasks.size())));
  OutcomeQueue queue(std::max<size_t>(1, options.queue_capacity), tasks.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> abort{false};
  std::mutex error_mu;
  std::optional<Error> worker_error;

  auto worker = [&] {
    auto repo = git::Repository::open(git_dir);
    if (!repo) {
      std::lock_guard lock(error_mu);
      worker_error = repo.error();
      abort = true;
    }
    ExtractorHandle extractor;
    while (true) {
      const size_t i = next++;
      if (i >= tasks.size()) break;
      ParseOutcome o;
      if (repo && !abort) {
        o = parse_one(*repo, extractor, tasks[i], options.max_file_bytes);
      } else {
        o.status = store::FileStatus::kUnavailable;
      }
      o.task = i;
      if (!queue.push(std::move(o))) break;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);

  Status result;
  std::deque<ParseOutcome> batch;
  for (size_t received = 0; received < tasks.size() && result && !abort;) {
    queue.pop_all(batch);
    for (auto& o : batch) {
      ++received;
      if (abort) break;
      if (auto st = consume(std::move(o)); !st) {
        result = st;
        break;
      }
    }
    batch.clear();
  }
  abort = true;
  queue.stop();
  for (auto& t : threads) t.join();
  if (worker_error) return tl::unexpected(*worker_error);
  return result;
}

}  // namespace stc::indexer
