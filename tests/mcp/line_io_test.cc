#include "mcp/line_io.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <string>
#include <thread>

namespace stc::mcp {
namespace {

using Kind = LineReader::Kind;

// A pipe whose write end is fed from a thread (so writes larger than the
// pipe buffer do not block the test) and then closed.
class Feed {
 public:
  explicit Feed(std::string data) {
    if (::pipe(fds_) != 0) std::abort();
    writer_ = std::thread([this, data = std::move(data)] {
      (void)write_line(fds_[1], data.substr(0, data.size() - 1));  // data ends in '\n'
      ::close(fds_[1]);
    });
  }
  ~Feed() {
    writer_.join();
    ::close(fds_[0]);
  }
  int fd() const { return fds_[0]; }

 private:
  int fds_[2];
  std::thread writer_;
};

TEST(LineReaderTest, SplitsLinesAndStripsCarriageReturns) {
  Feed feed("one\r\ntwo\n\nthree\n");
  LineReader reader(feed.fd(), 100);
  for (const char* want : {"one", "two", "", "three"}) {
    auto line = reader.next();
    ASSERT_TRUE(line);
    EXPECT_EQ(line->kind, Kind::kLine);
    EXPECT_EQ(line->text, want);
  }
  auto end = reader.next();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->kind, Kind::kEof);
}

TEST(LineReaderTest, LastLineWithoutNewlineCounts) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "a\nb", 3), 3);
  ::close(fds[1]);
  LineReader reader(fds[0], 100);
  EXPECT_EQ(reader.next()->text, "a");
  auto last = reader.next();
  EXPECT_EQ(last->kind, Kind::kLine);
  EXPECT_EQ(last->text, "b");
  EXPECT_EQ(reader.next()->kind, Kind::kEof);
  ::close(fds[0]);
}

TEST(LineReaderTest, SkipsAnOverlongLineAndCarriesOn) {
  const std::string huge(5 * 1024 * 1024, 'x');  // far over the cap and the pipe buffer
  Feed feed("first\n" + huge + "\nafter\n");
  LineReader reader(feed.fd(), 1024);
  EXPECT_EQ(reader.next()->text, "first");
  auto skipped = reader.next();
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->kind, Kind::kTooLong);
  EXPECT_TRUE(skipped->text.empty());
  auto after = reader.next();
  EXPECT_EQ(after->kind, Kind::kLine);
  EXPECT_EQ(after->text, "after");
}

TEST(LineReaderTest, LineOfExactlyTheCapIsAccepted) {
  Feed feed(std::string(64, 'y') + "\n" + std::string(65, 'z') + "\n");
  LineReader reader(feed.fd(), 64);
  EXPECT_EQ(reader.next()->kind, Kind::kLine);
  EXPECT_EQ(reader.next()->kind, Kind::kTooLong);
  EXPECT_EQ(reader.next()->kind, Kind::kEof);
}

TEST(WriteLineTest, FailsWhenThePeerIsGone) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  EXPECT_FALSE(write_line(fds[1], "hello"));
  ::close(fds[1]);
}

}  // namespace
}  // namespace stc::mcp
