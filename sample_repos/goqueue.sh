#!/usr/bin/env bash
# Generate the "goqueue" sample repository: a Go job queue with pluggable
# storage backends, an HTTP API, a CLI and a worker pool.
#
# Go sources are written with 4-space indentation in this script and turned
# into gofmt's tabs by gowrite/goappend.
#
# Usage: bash sample_repos/goqueue.sh OUTDIR/goqueue
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sr_init "${1:-}" 1706745600   # 2024-02-01

# gowrite PATH: like write, converting leading 4-space groups to tabs.
gowrite() {
  mkdir -p "$(dirname "$1")"
  unexpand --first-only -t 4 > "$1"
}

# goappend PATH: like append, converting leading 4-space groups to tabs.
goappend() {
  [ -f "$1" ] || sr_die "goappend: $1 does not exist"
  unexpand --first-only -t 4 >> "$1"
}

# gosed SCRIPT FILE...: sed -i on Go files, then re-tab lines that the
# replacement indented with spaces.
gosed() {
  local script=$1 f
  shift
  sed -i "$script" "$@"
  for f in "$@"; do
    unexpand --first-only -t 4 "$f" > "$f.tmp" && mv "$f.tmp" "$f"
  done
}

REG_INIT=""   # set once the registry is filled in init()

# Write storage/registry.go; arguments are "name:opener" pairs.
go_registry() {
  local pair key width=0 entries=""
  for pair in "$@"; do
    key=${pair%%:*}
    [ ${#key} -gt "$width" ] && width=${#key}
  done
  for pair in "$@"; do
    key="\"${pair%%:*}\":"
    entries+=$(printf '%s%-*s%s,' "$([ -n "$REG_INIT" ] && printf '\t\t' || printf '\t')" $((width + 4)) "$key" "${pair##*:}")$'\n'
  done
  {
    cat <<'EOF'
package storage

import (
	"fmt"
	"sort"
	"strings"

	"github.com/example/goqueue/queue"
)

// Opener creates a store from the backend-specific part of a store URL.
type Opener func(location string) (queue.Store, error)

EOF
    if [ -n "$REG_INIT" ]; then
      cat <<'EOF'
// backends maps a backend name to its Opener. Add new backends here and
// document them in docs/storage.md. The map is filled in init because some
// openers (sharded) call Open themselves.
var backends map[string]Opener

func init() {
	backends = map[string]Opener{
EOF
      printf '%s' "$entries"
      printf '\t}\n}\n'
    else
      cat <<'EOF'
// backends maps a backend name to its Opener. Add new backends here and
// document them in docs/storage.md.
var backends = map[string]Opener{
EOF
      printf '%s' "$entries"
      printf '}\n'
    fi
    cat <<'EOF'

// Open parses a store URL such as "memory:" or "file:/var/lib/goqueue.log"
// and opens the matching backend.
func Open(url string) (queue.Store, error) {
	name, location, _ := strings.Cut(url, ":")
	open, ok := backends[name]
	if !ok {
		return nil, fmt.Errorf("storage: unknown backend %q (known: %s)", name, strings.Join(Backends(), ", "))
	}
	return open(location)
}

// Backends returns the sorted names of all registered backends.
func Backends() []string {
	names := make([]string, 0, len(backends))
	for name := range backends {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
EOF
  } > storage/registry.go
}

# Write cmd/goqueue/main.go; arguments are "name|summary|func" triples.
go_main() {
  local version=$1 spec name width=0 entries=""
  shift
  for spec in "$@"; do
    name=${spec%%|*}
    [ ${#name} -gt "$width" ] && width=${#name}
  done
  for spec in "$@"; do
    name=${spec%%|*}
    local rest=${spec#*|}
    entries+=$(printf '\t%-*s{"%s", %s},' $((width + 4)) "\"$name\":" "${rest%%|*}" "${rest##*|}")$'\n'
  done
  {
    cat <<'EOF'
// Command goqueue runs the queue server and talks to it from the shell.
//
//	goqueue serve -addr 127.0.0.1:7070 -store file:/var/lib/goqueue.log
//	goqueue enqueue -queue mail '{"to":"bob@example.com"}'
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

EOF
    printf 'const version = "%s"\n' "$version"
    cat <<'EOF'

// stdout receives command output; tests replace it with a buffer.
var stdout io.Writer = os.Stdout

// command is one subcommand of the goqueue binary.
type command struct {
	summary string
	run     func(args []string) error
}

// commands lists every subcommand. Add new ones here and in docs/cli.md.
var commands = map[string]command{
EOF
    printf '%s' "$entries"
    cat <<'EOF'
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "goqueue: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err := cmd.run(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "goqueue %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// usage prints the sorted list of subcommands to stderr.
func usage() {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "usage: goqueue COMMAND [flags]")
	for _, name := range names {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", name, commands[name].summary)
	}
}

// runVersion implements "goqueue version".
func runVersion(args []string) error {
	_, err := fmt.Fprintln(stdout, "goqueue", version)
	return err
}
EOF
  } > cmd/goqueue/main.go
}

# --------------------------------------------------------------------------
# 1. Scaffold
# --------------------------------------------------------------------------
write go.mod <<'EOF'
module github.com/example/goqueue

go 1.19
EOF

write README.md <<'EOF'
# goqueue

A small job queue written in Go with no dependencies outside the standard
library. Producers enqueue JSON jobs over HTTP; consumers reserve them and
acknowledge them when done. Unacknowledged jobs are delivered again.

    go build ./cmd/goqueue
    ./goqueue serve -addr 127.0.0.1:7070 &
    ./goqueue enqueue -queue mail '{"to":"bob@example.com"}'

Layout:

- `queue/` — the Queue type, jobs and the Store interface
- `storage/` — Store implementations and the backend registry
- `api/` — the HTTP API
- `cmd/goqueue/` — the command-line tool
- `internal/` — helpers that are not part of the public API

See `docs/api.md`, `docs/cli.md` and `docs/storage.md`.
EOF

gowrite queue/job.go <<'EOF'
// Package queue implements a small job queue with at-least-once delivery.
// Persistence is pluggable through the Store interface; implementations live
// in the storage package.
package queue

import (
    "encoding/json"
    "time"
)

// Job is a unit of work waiting in, or reserved from, a named queue.
type Job struct {
    // ID uniquely identifies the job across all queues.
    ID string `json:"id"`
    // Queue is the name of the queue the job belongs to.
    Queue string `json:"queue"`
    // Payload is opaque JSON; workers decide how to decode it.
    Payload json.RawMessage `json:"payload"`
    // Attempts counts how many times the job has been reserved.
    Attempts int `json:"attempts"`
    // CreatedAt is when the job was first enqueued.
    CreatedAt time.Time `json:"created_at"`
}

// Clone returns a deep copy of j so that stores never share payload buffers
// with callers.
func (j *Job) Clone() *Job {
    c := *j
    c.Payload = append(json.RawMessage(nil), j.Payload...)
    return &c
}
EOF

gowrite queue/store.go <<'EOF'
package queue

import "errors"

// ErrEmpty is returned by Store.Pop and Queue.Reserve when a queue has no jobs.
var ErrEmpty = errors.New("queue: empty")

// ErrNotFound is returned when a job ID is not reserved.
var ErrNotFound = errors.New("queue: job not found")

// Store persists jobs that are waiting to be reserved. Implementations must
// be safe for concurrent use.
type Store interface {
    // Push appends job to the end of its queue.
    Push(job *Job) error
    // Pop removes and returns the oldest job of the named queue, or ErrEmpty.
    Pop(queue string) (*Job, error)
    // Len reports how many jobs are waiting in the named queue.
    Len(queue string) (int, error)
    // Queues returns the names of all non-empty queues in sorted order.
    Queues() ([]string, error)
    // Close releases resources held by the store.
    Close() error
}
EOF

gowrite queue/queue.go <<'EOF'
package queue

import (
    "errors"
    "sync"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/internal/ids"
)

// Queue hands out jobs from a Store and tracks the ones that are reserved
// but not yet acknowleged. It is safe for concurrent use.
type Queue struct {
    store    Store
    clock    clock.Clock
    ids      *ids.Sequence
    mu       sync.Mutex
    inflight map[string]*Job
}

// New returns a Queue backed by store that reads time from clk.
func New(store Store, clk clock.Clock) *Queue {
    return &Queue{
        store:    store,
        clock:    clk,
        ids:      ids.NewSequence("job"),
        inflight: make(map[string]*Job),
    }
}

// Enqueue adds a job with payload to the named queue and returns it.
func (q *Queue) Enqueue(queue string, payload []byte) (*Job, error) {
    if queue == "" {
        return nil, errors.New("queue: empty queue name")
    }
    job := &Job{ID: q.ids.Next(), Queue: queue, Payload: payload, CreatedAt: q.clock.Now()}
    if err := q.store.Push(job); err != nil {
        return nil, err
    }
    return job, nil
}

// Reserve takes the oldest job from the named queue and marks it in flight.
// It returns ErrEmpty when there is nothing to do.
func (q *Queue) Reserve(queue string) (*Job, error) {
    job, err := q.store.Pop(queue)
    if err != nil {
        return nil, err
    }
    job.Attempts++
    q.mu.Lock()
    q.inflight[job.ID] = job
    q.mu.Unlock()
    return job, nil
}

// Ack marks a reserved job as done and forgets it.
func (q *Queue) Ack(id string) error {
    q.mu.Lock()
    defer q.mu.Unlock()
    if _, ok := q.inflight[id]; !ok {
        return ErrNotFound
    }
    delete(q.inflight, id)
    return nil
}

// Nack rejects a reserved job; it goes back to the end of its queue for
// another atempt.
func (q *Queue) Nack(id string) error {
    q.mu.Lock()
    job, ok := q.inflight[id]
    delete(q.inflight, id)
    q.mu.Unlock()
    if !ok {
        return ErrNotFound
    }
    return q.store.Push(job)
}

// InFlight reports how many jobs are reserved and not yet acknowledged.
func (q *Queue) InFlight() int {
    q.mu.Lock()
    defer q.mu.Unlock()
    return len(q.inflight)
}
EOF

gowrite queue/queue_test.go <<'EOF'
package queue_test

import (
    "errors"
    "testing"
    "time"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
)

// newQueue returns a queue over a memory store and a fake clock.
func newQueue(t *testing.T) (*queue.Queue, *clock.Fake) {
    t.Helper()
    clk := clock.NewFake(time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC))
    return queue.New(storage.NewMemory(), clk), clk
}

func TestEnqueueReserveAck(t *testing.T) {
    q, _ := newQueue(t)
    job, err := q.Enqueue("mail", []byte(`{"to":"bob"}`))
    if err != nil {
        t.Fatal(err)
    }
    got, err := q.Reserve("mail")
    if err != nil {
        t.Fatal(err)
    }
    if got.ID != job.ID || got.Attempts != 1 {
        t.Fatalf("Reserve = %+v, want job %s with 1 attempt", got, job.ID)
    }
    if err := q.Ack(got.ID); err != nil {
        t.Fatal(err)
    }
    if q.InFlight() != 0 {
        t.Errorf("InFlight = %d after Ack", q.InFlight())
    }
}

func TestReserveEmpty(t *testing.T) {
    q, _ := newQueue(t)
    if _, err := q.Reserve("mail"); !errors.Is(err, queue.ErrEmpty) {
        t.Fatalf("err = %v, want ErrEmpty", err)
    }
}

func TestNackRequeues(t *testing.T) {
    q, _ := newQueue(t)
    if _, err := q.Enqueue("mail", []byte(`1`)); err != nil {
        t.Fatal(err)
    }
    job, _ := q.Reserve("mail")
    if err := q.Nack(job.ID); err != nil {
        t.Fatal(err)
    }
    again, err := q.Reserve("mail")
    if err != nil || again.Attempts != 2 {
        t.Fatalf("second Reserve = %+v, %v; want attempt 2", again, err)
    }
}

func TestAckUnknown(t *testing.T) {
    q, _ := newQueue(t)
    if err := q.Ack("nope"); !errors.Is(err, queue.ErrNotFound) {
        t.Fatalf("err = %v, want ErrNotFound", err)
    }
}
EOF

gowrite internal/clock/clock.go <<'EOF'
// Package clock abstracts the current time so that queue behaviour can be
// tested deterministically.
package clock

import (
    "sync"
    "time"
)

// Clock tells the current time.
type Clock interface {
    Now() time.Time
}

// Real is a Clock backed by time.Now.
type Real struct{}

// Now returns the current wall-clock time.
func (Real) Now() time.Time { return time.Now() }

// Fake is a Clock that only moves when Advance is called.
type Fake struct {
    mu  sync.Mutex
    now time.Time
}

// NewFake returns a Fake clock set to start.
func NewFake(start time.Time) *Fake {
    return &Fake{now: start}
}

// Now returns the fake current time.
func (f *Fake) Now() time.Time {
    f.mu.Lock()
    defer f.mu.Unlock()
    return f.now
}

// Advance moves the fake clock forward by d.
func (f *Fake) Advance(d time.Duration) {
    f.mu.Lock()
    defer f.mu.Unlock()
    f.now = f.now.Add(d)
}
EOF

gowrite internal/ids/ids.go <<'EOF'
// Package ids generates job identifiers.
package ids

import (
    "fmt"
    "sync/atomic"
)

// Sequence hands out identifiers of the form "<prefix>-<n>" with n counting
// up from 1. It is safe for concurrent use.
type Sequence struct {
    prefix string
    next   uint64
}

// NewSequence returns a Sequence whose identifiers start with prefix.
func NewSequence(prefix string) *Sequence {
    return &Sequence{prefix: prefix}
}

// Next returns the next identifier.
func (s *Sequence) Next() string {
    n := atomic.AddUint64(&s.next, 1)
    return fmt.Sprintf("%s-%d", s.prefix, n)
}
EOF

gowrite storage/memory.go <<'EOF'
// Package storage provides implementations of queue.Store and a registry
// that opens them from URLs such as "memory:" or "file:/path".
package storage

import (
    "sort"
    "sync"

    "github.com/example/goqueue/queue"
)

// Memory keeps jobs in process memory. It is fast and loses everything on
// restart; use it for tests and development.
type Memory struct {
    mu     sync.Mutex
    queues map[string][]*queue.Job
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
    return &Memory{queues: make(map[string][]*queue.Job)}
}

// openMemory is the registry Opener for "memory:"; the location is ignored.
func openMemory(string) (queue.Store, error) {
    return NewMemory(), nil
}

// Push appends a copy of job to its queue.
func (m *Memory) Push(job *queue.Job) error {
    m.mu.Lock()
    defer m.mu.Unlock()
    m.queues[job.Queue] = append(m.queues[job.Queue], job.Clone())
    return nil
}

// Pop removes and returns the oldest job of the named queue.
func (m *Memory) Pop(name string) (*queue.Job, error) {
    m.mu.Lock()
    defer m.mu.Unlock()
    jobs := m.queues[name]
    if len(jobs) == 0 {
        return nil, queue.ErrEmpty
    }
    job := jobs[0]
    m.queues[name] = jobs[1:]
    if len(m.queues[name]) == 0 {
        delete(m.queues, name)
    }
    return job, nil
}

// Len reports the number of waiting jobs in the named queue.
func (m *Memory) Len(name string) (int, error) {
    m.mu.Lock()
    defer m.mu.Unlock()
    return len(m.queues[name]), nil
}

// Queues returns the sorted names of non-empty queues.
func (m *Memory) Queues() ([]string, error) {
    m.mu.Lock()
    defer m.mu.Unlock()
    names := make([]string, 0, len(m.queues))
    for name := range m.queues {
        names = append(names, name)
    }
    sort.Strings(names)
    return names, nil
}

// Close is a no-op for the memory store.
func (m *Memory) Close() error { return nil }
EOF

go_registry memory:openMemory

gowrite storage/conformance_test.go <<'EOF'
package storage

import (
    "encoding/json"
    "errors"
    "fmt"
    "testing"
    "time"

    "github.com/example/goqueue/queue"
)

// newJob returns a job for the named queue with a small JSON payload.
func newJob(id, name string) *queue.Job {
    return &queue.Job{
        ID:        id,
        Queue:     name,
        Payload:   json.RawMessage(fmt.Sprintf(`{"n":%q}`, id)),
        CreatedAt: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
    }
}

// testStore checks the behaviour every queue.Store must share.
func testStore(t *testing.T, s queue.Store) {
    t.Helper()
    if _, err := s.Pop("mail"); !errors.Is(err, queue.ErrEmpty) {
        t.Fatalf("Pop on empty store: err = %v, want ErrEmpty", err)
    }
    for _, id := range []string{"a", "b", "c"} {
        if err := s.Push(newJob(id, "mail")); err != nil {
            t.Fatal(err)
        }
    }
    if err := s.Push(newJob("d", "sms")); err != nil {
        t.Fatal(err)
    }
    if n, _ := s.Len("mail"); n != 3 {
        t.Errorf("Len(mail) = %d, want 3", n)
    }
    if names, _ := s.Queues(); fmt.Sprint(names) != "[mail sms]" {
        t.Errorf("Queues() = %v, want [mail sms]", names)
    }
    job, err := s.Pop("mail")
    if err != nil || job.ID != "a" {
        t.Fatalf("Pop = %v, %v; want job a (FIFO)", job, err)
    }
    if string(job.Payload) != `{"n":"a"}` {
        t.Errorf("payload = %s", job.Payload)
    }
}
EOF

gowrite storage/memory_test.go <<'EOF'
package storage

import (
    "strings"
    "testing"
)

func TestMemoryStore(t *testing.T) {
    testStore(t, NewMemory())
}

func TestOpenMemory(t *testing.T) {
    s, err := Open("memory:")
    if err != nil {
        t.Fatal(err)
    }
    if _, ok := s.(*Memory); !ok {
        t.Errorf("Open(memory:) = %T, want *Memory", s)
    }
}

func TestOpenUnknownBackend(t *testing.T) {
    _, err := Open("carrier-pigeon:")
    if err == nil || !strings.Contains(err.Error(), "unknown backend") {
        t.Fatalf("err = %v, want unknown backend", err)
    }
}
EOF

gowrite api/server.go <<'EOF'
// Package api exposes a queue.Queue over HTTP with a small JSON API.
// Endpoints are documented in docs/api.md.
package api

import (
    "encoding/json"
    "errors"
    "net/http"

    "github.com/example/goqueue/queue"
)

// Server is an http.Handler serving the goqueue API.
type Server struct {
    queue *queue.Queue
    mux   *http.ServeMux
}

// NewServer returns a Server for q with all routes registered.
func NewServer(q *queue.Queue) *Server {
    s := &Server{queue: q, mux: http.NewServeMux()}
    s.routes()
    return s
}

// routes registers every endpoint. Keep docs/api.md in sync.
func (s *Server) routes() {
    s.mux.HandleFunc("/v1/enqueue", method("POST", s.handleEnqueue))
    s.mux.HandleFunc("/v1/reserve", method("POST", s.handleReserve))
    s.mux.HandleFunc("/v1/ack", method("POST", s.handleAck))
    s.mux.HandleFunc("/v1/nack", method("POST", s.handleNack))
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
    s.mux.ServeHTTP(w, r)
}

// method wraps h so that it only answers requests with the given method.
func method(name string, h http.HandlerFunc) http.HandlerFunc {
    return func(w http.ResponseWriter, r *http.Request) {
        if r.Method != name {
            w.Header().Set("Allow", name)
            writeJSON(w, http.StatusMethodNotAllowed, errorBody{"method not allowed"})
            return
        }
        h(w, r)
    }
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
    Error string `json:"error"`
}

// decode reads the JSON request body into v.
func decode(r *http.Request, v any) error {
    return json.NewDecoder(r.Body).Decode(v)
}

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
    w.Header().Set("Content-Type", "application/json")
    w.WriteHeader(status)
    _ = json.NewEncoder(w).Encode(v)
}

// writeError maps err to an HTTP status and writes it as JSON.
func writeError(w http.ResponseWriter, err error) {
    status := http.StatusInternalServerError
    if errors.Is(err, queue.ErrNotFound) {
        status = http.StatusNotFound
    }
    writeJSON(w, status, errorBody{err.Error()})
}
EOF

gowrite api/jobs.go <<'EOF'
package api

import (
    "encoding/json"
    "errors"
    "net/http"

    "github.com/example/goqueue/queue"
)

// enqueueRequest is the body of POST /v1/enqueue.
type enqueueRequest struct {
    Queue   string          `json:"queue"`
    Payload json.RawMessage `json:"payload"`
}

// queueRequest is the body of requests that name a queue.
type queueRequest struct {
    Queue string `json:"queue"`
}

// idRequest is the body of requests that name a reserved job.
type idRequest struct {
    ID string `json:"id"`
}

// handleEnqueue adds a job and answers 201 with the stored job.
func (s *Server) handleEnqueue(w http.ResponseWriter, r *http.Request) {
    var req enqueueRequest
    if err := decode(r, &req); err != nil {
        writeError(w, err)
        return
    }
    job, err := s.queue.Enqueue(req.Queue, req.Payload)
    if err != nil {
        writeError(w, err)
        return
    }
    writeJSON(w, http.StatusCreated, job)
}

// handleReserve answers 200 with the next job, or 204 when the queue is empty.
func (s *Server) handleReserve(w http.ResponseWriter, r *http.Request) {
    var req queueRequest
    if err := decode(r, &req); err != nil {
        writeError(w, err)
        return
    }
    job, err := s.queue.Reserve(req.Queue)
    if errors.Is(err, queue.ErrEmpty) {
        w.WriteHeader(http.StatusNoContent)
        return
    }
    if err != nil {
        writeError(w, err)
        return
    }
    writeJSON(w, http.StatusOK, job)
}

// handleAck acknowledges a reserved job.
func (s *Server) handleAck(w http.ResponseWriter, r *http.Request) {
    var req idRequest
    if err := decode(r, &req); err != nil {
        writeError(w, err)
        return
    }
    if err := s.queue.Ack(req.ID); err != nil {
        writeError(w, err)
        return
    }
    w.WriteHeader(http.StatusNoContent)
}

// handleNack rejects a reserved job so that it is delivered again.
func (s *Server) handleNack(w http.ResponseWriter, r *http.Request) {
    var req idRequest
    if err := decode(r, &req); err != nil {
        writeError(w, err)
        return
    }
    if err := s.queue.Nack(req.ID); err != nil {
        writeError(w, err)
        return
    }
    w.WriteHeader(http.StatusNoContent)
}
EOF

gowrite api/server_test.go <<'EOF'
package api

import (
    "encoding/json"
    "net/http"
    "net/http/httptest"
    "strings"
    "testing"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
)

// newTestServer returns a Server over a fresh memory store.
func newTestServer() (*Server, *queue.Queue) {
    q := queue.New(storage.NewMemory(), clock.Real{})
    return NewServer(q), q
}

// do sends a request with a JSON body and returns the recorded response.
func do(s *Server, method, path, body string) *httptest.ResponseRecorder {
    req := httptest.NewRequest(method, path, strings.NewReader(body))
    rec := httptest.NewRecorder()
    s.ServeHTTP(rec, req)
    return rec
}

func TestEnqueueThenReserve(t *testing.T) {
    s, _ := newTestServer()
    rec := do(s, "POST", "/v1/enqueue", `{"queue":"mail","payload":{"to":"bob"}}`)
    if rec.Code != http.StatusCreated {
        t.Fatalf("enqueue status = %d, body %s", rec.Code, rec.Body)
    }
    rec = do(s, "POST", "/v1/reserve", `{"queue":"mail"}`)
    if rec.Code != http.StatusOK {
        t.Fatalf("reserve status = %d", rec.Code)
    }
    var job queue.Job
    if err := json.Unmarshal(rec.Body.Bytes(), &job); err != nil {
        t.Fatal(err)
    }
    if string(job.Payload) != `{"to":"bob"}` || job.Attempts != 1 {
        t.Errorf("unexpected job %+v", job)
    }
}

func TestReserveEmptyQueue(t *testing.T) {
    s, _ := newTestServer()
    if rec := do(s, "POST", "/v1/reserve", `{"queue":"mail"}`); rec.Code != http.StatusNoContent {
        t.Fatalf("status = %d, want 204", rec.Code)
    }
}

func TestAckUnknownJob(t *testing.T) {
    s, _ := newTestServer()
    if rec := do(s, "POST", "/v1/ack", `{"id":"job-404"}`); rec.Code != http.StatusNotFound {
        t.Fatalf("status = %d, want 404", rec.Code)
    }
}

func TestWrongMethod(t *testing.T) {
    s, _ := newTestServer()
    if rec := do(s, "GET", "/v1/enqueue", ""); rec.Code != http.StatusMethodNotAllowed {
        t.Fatalf("status = %d, want 405", rec.Code)
    }
}
EOF

gowrite cmd/goqueue/client.go <<'EOF'
package main

import (
    "bytes"
    "encoding/json"
    "fmt"
    "io"
    "net/http"
    "os"
    "strings"
    "time"
)

// defaultAddr is used when GOQUEUE_ADDR is not set.
const defaultAddr = "http://127.0.0.1:7070"

// apiClient calls the goqueue HTTP API on behalf of the subcommands.
type apiClient struct {
    base string
    http *http.Client
}

// newAPIClient returns a client for $GOQUEUE_ADDR or the default address.
func newAPIClient() *apiClient {
    base := os.Getenv("GOQUEUE_ADDR")
    if base == "" {
        base = defaultAddr
    }
    return &apiClient{
        base: strings.TrimRight(base, "/"),
        http: &http.Client{Timeout: 10 * time.Second},
    }
}

// call sends in as JSON (when non-nil) and decodes the response into out
// (when non-nil). Non-2xx responses become errors with the server's message.
func (c *apiClient) call(method, path string, in, out any) error {
    var body io.Reader
    if in != nil {
        data, err := json.Marshal(in)
        if err != nil {
            return err
        }
        body = bytes.NewReader(data)
    }
    req, err := http.NewRequest(method, c.base+path, body)
    if err != nil {
        return err
    }
    req.Header.Set("Content-Type", "application/json")
    resp, err := c.http.Do(req)
    if err != nil {
        return err
    }
    defer resp.Body.Close()
    if resp.StatusCode >= 300 {
        var apiErr struct {
            Error string `json:"error"`
        }
        _ = json.NewDecoder(resp.Body).Decode(&apiErr)
        return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, apiErr.Error)
    }
    if out == nil || resp.StatusCode == http.StatusNoContent {
        return nil
    }
    return json.NewDecoder(resp.Body).Decode(out)
}
EOF

gowrite cmd/goqueue/enqueue.go <<'EOF'
package main

import (
    "encoding/json"
    "errors"
    "flag"
    "fmt"
)

// runEnqueue implements "goqueue enqueue [-queue NAME] PAYLOAD" and prints
// the new job's ID.
func runEnqueue(args []string) error {
    fs := flag.NewFlagSet("enqueue", flag.ContinueOnError)
    name := fs.String("queue", "default", "queue to add the job to")
    if err := fs.Parse(args); err != nil {
        return err
    }
    if fs.NArg() != 1 {
        return errors.New("usage: goqueue enqueue [-queue NAME] JSON_PAYLOAD")
    }
    payload := json.RawMessage(fs.Arg(0))
    if !json.Valid(payload) {
        return fmt.Errorf("payload is not valid JSON: %s", fs.Arg(0))
    }
    var job struct {
        ID string `json:"id"`
    }
    req := map[string]any{"queue": *name, "payload": payload}
    if err := newAPIClient().call("POST", "/v1/enqueue", req, &job); err != nil {
        return err
    }
    _, err := fmt.Fprintln(stdout, job.ID)
    return err
}
EOF

gowrite cmd/goqueue/serve.go <<'EOF'
package main

import (
    "flag"
    "log"
    "net/http"

    "github.com/example/goqueue/api"
    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
)

// runServe implements "goqueue serve": it opens the store and serves the
// HTTP API until the process is stopped.
func runServe(args []string) error {
    fs := flag.NewFlagSet("serve", flag.ContinueOnError)
    addr := fs.String("addr", "127.0.0.1:7070", "listen address")
    storeURL := fs.String("store", "memory:", "store URL, e.g. memory: or file:/var/lib/goqueue.log")
    if err := fs.Parse(args); err != nil {
        return err
    }
    store, err := storage.Open(*storeURL)
    if err != nil {
        return err
    }
    defer store.Close()
    q := queue.New(store, clock.Real{})
    log.Printf("goqueue %s listening on %s (store %s)", version, *addr, *storeURL)
    return http.ListenAndServe(*addr, api.NewServer(q))
}
EOF

go_main 0.1.0 \
  "enqueue|add a job to a queue|runEnqueue" \
  "serve|run the HTTP API server|runServe" \
  "version|print the version|runVersion"

gowrite cmd/goqueue/main_test.go <<'EOF'
package main

import (
    "bytes"
    "net/http/httptest"
    "strings"
    "testing"

    "github.com/example/goqueue/api"
    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
)

// startServer runs an API server over a memory store and points the CLI at
// it through GOQUEUE_ADDR. It returns the queue for inspection.
func startServer(t *testing.T) *queue.Queue {
    t.Helper()
    q := queue.New(storage.NewMemory(), clock.Real{})
    srv := httptest.NewServer(api.NewServer(q))
    t.Cleanup(srv.Close)
    t.Setenv("GOQUEUE_ADDR", srv.URL)
    return q
}

// captureStdout redirects command output into a buffer for one test.
func captureStdout(t *testing.T) *bytes.Buffer {
    t.Helper()
    var buf bytes.Buffer
    old := stdout
    stdout = &buf
    t.Cleanup(func() { stdout = old })
    return &buf
}

func TestCommandsAreComplete(t *testing.T) {
    for name, cmd := range commands {
        if cmd.summary == "" || cmd.run == nil {
            t.Errorf("command %q is incomplete", name)
        }
    }
}

func TestEnqueuePrintsJobID(t *testing.T) {
    q := startServer(t)
    out := captureStdout(t)
    if err := runEnqueue([]string{"-queue", "mail", `{"to":"bob"}`}); err != nil {
        t.Fatal(err)
    }
    if !strings.HasPrefix(out.String(), "job-") {
        t.Errorf("output = %q, want a job ID", out.String())
    }
    if job, err := q.Reserve("mail"); err != nil || string(job.Payload) != `{"to":"bob"}` {
        t.Errorf("Reserve = %v, %v", job, err)
    }
}

func TestEnqueueRejectsInvalidJSON(t *testing.T) {
    startServer(t)
    if err := runEnqueue([]string{"{not json"}); err == nil {
        t.Fatal("expected an error for invalid JSON")
    }
}
EOF

write docs/api.md <<'EOF'
# HTTP API

All endpoints take and return JSON. Errors have the shape
`{"error": "message"}`.

| Method | Path | Body | Response |
|--------|------|------|----------|
| POST | `/v1/enqueue` | `{"queue", "payload"}` | 201 with the job |
| POST | `/v1/reserve` | `{"queue"}` | 200 with the job, 204 if empty |
| POST | `/v1/ack` | `{"id"}` | 204; 404 if not reserved |
| POST | `/v1/nack` | `{"id"}` | 204; the job is delivered again |

A job looks like:

```json
{"id": "job-7", "queue": "mail", "payload": {"to": "bob"}, "attempts": 1,
 "created_at": "2024-02-01T09:00:00Z"}
```
EOF

write docs/cli.md <<'EOF'
# Command-line tool

    goqueue COMMAND [flags]

Client commands talk to the server at `$GOQUEUE_ADDR`
(default `http://127.0.0.1:7070`).

| Command | What it does |
|---------|--------------|
| `serve [-addr A] [-store URL]` | run the HTTP API server |
| `enqueue [-queue Q] JSON` | add a job and print its ID |
| `version` | print the version |
EOF

write docs/storage.md <<'EOF'
# Storage backends

The server opens its store from a URL given with `-store`. Backends are
registered in `storage/registry.go` and implement `queue.Store`.

| URL | Backend | Durable |
|-----|---------|---------|
| `memory:` | `Memory` in `storage/memory.go` | no |

## memory

Keeps jobs in a map of slices. Everything is lost when the process exits.
EOF

commit "Initial scaffold with in-memory queue, HTTP API and CLI" \
"queue.Queue with reserve/ack/nack semantics over a pluggable Store, the
memory backend and registry, a JSON HTTP API and the goqueue command."

# --------------------------------------------------------------------------
gowrite Makefile <<'EOF'
GO ?= go

.PHONY: build test vet check

build:
    $(GO) build ./...

test:
    $(GO) test ./...

vet:
    $(GO) vet ./...

check: vet test
EOF
commit "Add Makefile with build, test and vet targets"

# --------------------------------------------------------------------------
sr_author bob
gosed 's/not yet acknowleged\./not yet acknowledged./; s/^\/\/ another atempt\.$/\/\/ another attempt./' queue/queue.go
commit "Fix doc comment typos in queue package"

# --------------------------------------------------------------------------
# FEATURE: visibility timeout
gowrite queue/options.go <<'EOF'
package queue

import "time"

// Options tune the delivery semantics of a Queue.
type Options struct {
    // VisibilityTimeout is how long a reserved job stays hidden. A job that
    // is neither acknowledged nor rejected within it is delivered again.
    VisibilityTimeout time.Duration
}

// DefaultOptions returns the options used by the server unless overridden.
func DefaultOptions() Options {
    return Options{
        VisibilityTimeout: 30 * time.Second,
    }
}
EOF

gowrite queue/queue.go <<'EOF'
package queue

import (
    "errors"
    "fmt"
    "sort"
    "sync"
    "time"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/internal/ids"
)

// reservation is a job handed to a consumer together with the time at which
// it becomes visible again if the consumer does not answer.
type reservation struct {
    job      *Job
    deadline time.Time
}

// Queue hands out jobs from a Store and tracks the ones that are reserved
// but not yet acknowledged. It is safe for concurrent use.
type Queue struct {
    store    Store
    clock    clock.Clock
    opts     Options
    ids      *ids.Sequence
    mu       sync.Mutex
    inflight map[string]reservation
}

// New returns a Queue backed by store that reads time from clk.
func New(store Store, clk clock.Clock, opts Options) *Queue {
    return &Queue{
        store:    store,
        clock:    clk,
        opts:     opts,
        ids:      ids.NewSequence("job"),
        inflight: make(map[string]reservation),
    }
}

// Enqueue adds a job with payload to the named queue and returns it.
func (q *Queue) Enqueue(queue string, payload []byte) (*Job, error) {
    if queue == "" {
        return nil, errors.New("queue: empty queue name")
    }
    job := &Job{ID: q.ids.Next(), Queue: queue, Payload: payload, CreatedAt: q.clock.Now()}
    if err := q.store.Push(job); err != nil {
        return nil, err
    }
    return job, nil
}

// Reserve takes the oldest job from the named queue and hides it for the
// visibility timeout. It returns ErrEmpty when there is nothing to do.
func (q *Queue) Reserve(queue string) (*Job, error) {
    job, err := q.store.Pop(queue)
    if err != nil {
        return nil, err
    }
    job.Attempts++
    q.mu.Lock()
    q.inflight[job.ID] = reservation{job: job, deadline: q.clock.Now().Add(q.opts.VisibilityTimeout)}
    q.mu.Unlock()
    return job, nil
}

// Ack marks a reserved job as done and forgets it.
func (q *Queue) Ack(id string) error {
    q.mu.Lock()
    defer q.mu.Unlock()
    if _, ok := q.inflight[id]; !ok {
        return ErrNotFound
    }
    delete(q.inflight, id)
    return nil
}

// Nack rejects a reserved job; it goes back to the end of its queue for
// another attempt.
func (q *Queue) Nack(id string) error {
    q.mu.Lock()
    r, ok := q.inflight[id]
    delete(q.inflight, id)
    q.mu.Unlock()
    if !ok {
        return ErrNotFound
    }
    return q.store.Push(r.job)
}

// Tick returns every reservation whose visibility timeout has expired to its
// queue, oldest deadline first, and reports how many there were. The server
// calls it about once a second.
func (q *Queue) Tick() (int, error) {
    now := q.clock.Now()
    q.mu.Lock()
    var expired []reservation
    for id, r := range q.inflight {
        if !now.Before(r.deadline) {
            expired = append(expired, r)
            delete(q.inflight, id)
        }
    }
    q.mu.Unlock()
    sort.Slice(expired, func(i, j int) bool { return expired[i].deadline.Before(expired[j].deadline) })
    for _, r := range expired {
        if err := q.store.Push(r.job); err != nil {
            return 0, fmt.Errorf("queue: requeue %s: %w", r.job.ID, err)
        }
    }
    return len(expired), nil
}

// InFlight reports how many jobs are reserved and not yet acknowledged.
func (q *Queue) InFlight() int {
    q.mu.Lock()
    defer q.mu.Unlock()
    return len(q.inflight)
}
EOF

gosed 's/queue.New(storage.NewMemory(), clk)/queue.New(storage.NewMemory(), clk, queue.DefaultOptions())/' queue/queue_test.go
goappend queue/queue_test.go <<'EOF'

func TestExpiredReservationIsRedelivered(t *testing.T) {
    q, clk := newQueue(t)
    if _, err := q.Enqueue("mail", []byte(`1`)); err != nil {
        t.Fatal(err)
    }
    if _, err := q.Reserve("mail"); err != nil {
        t.Fatal(err)
    }
    clk.Advance(10 * time.Second)
    if n, _ := q.Tick(); n != 0 {
        t.Fatalf("Tick before the timeout requeued %d jobs", n)
    }
    clk.Advance(time.Minute)
    if n, err := q.Tick(); n != 1 || err != nil {
        t.Fatalf("Tick = %d, %v; want 1 job requeued", n, err)
    }
    if job, err := q.Reserve("mail"); err != nil || job.Attempts != 2 {
        t.Fatalf("Reserve after timeout = %+v, %v", job, err)
    }
}
EOF

gosed 's/queue.New(storage.NewMemory(), clock.Real{})/queue.New(storage.NewMemory(), clock.Real{}, queue.DefaultOptions())/' api/server_test.go cmd/goqueue/main_test.go

gowrite cmd/goqueue/serve.go <<'EOF'
package main

import (
    "flag"
    "log"
    "net/http"
    "time"

    "github.com/example/goqueue/api"
    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
)

// runServe implements "goqueue serve": it opens the store and serves the
// HTTP API until the process is stopped.
func runServe(args []string) error {
    fs := flag.NewFlagSet("serve", flag.ContinueOnError)
    addr := fs.String("addr", "127.0.0.1:7070", "listen address")
    storeURL := fs.String("store", "memory:", "store URL, e.g. memory: or file:/var/lib/goqueue.log")
    opts := queue.DefaultOptions()
    fs.DurationVar(&opts.VisibilityTimeout, "visibility", opts.VisibilityTimeout, "how long a reserved job stays hidden")
    if err := fs.Parse(args); err != nil {
        return err
    }
    store, err := storage.Open(*storeURL)
    if err != nil {
        return err
    }
    defer store.Close()
    q := queue.New(store, clock.Real{}, opts)
    go tickEvery(q, time.Second)
    log.Printf("goqueue %s listening on %s (store %s)", version, *addr, *storeURL)
    return http.ListenAndServe(*addr, api.NewServer(q))
}

// tickEvery calls q.Tick periodically so expired reservations are redelivered.
func tickEvery(q *queue.Queue, every time.Duration) {
    for range time.Tick(every) {
        if n, err := q.Tick(); err != nil {
            log.Printf("tick: %v", err)
        } else if n > 0 {
            log.Printf("tick: redelivered %d expired jobs", n)
        }
    }
}
EOF

write docs/semantics.md <<'EOF'
# Delivery semantics

goqueue delivers every job **at least once**.

1. `Reserve` pops the oldest job of a queue and hides it for the
   *visibility timeout* (default 30 s, `serve -visibility`).
2. The consumer calls `Ack` when it is done; the job is forgotten.
3. `Nack` puts the job back at the end of its queue immediately.
4. If neither happens before the timeout, the job is delivered again by the
   next `Tick` (the server ticks once a second). `attempts` counts deliveries.

Consumers must therefore be idempotent.
EOF
commit "Add visibility timeout so unacknowledged jobs are redelivered" \
"queue.New now takes Options; the server ticks once a second and puts
expired reservations back on their queues."

# --------------------------------------------------------------------------
# FEATURE: file backend
sr_author chen
gowrite storage/file.go <<'EOF'
package storage

import (
    "bufio"
    "encoding/json"
    "errors"
    "fmt"
    "os"
    "sync"

    "github.com/example/goqueue/queue"
)

// FileStore is a durable store that appends every operation to a JSON-lines
// file and replays the file on open. Reads are served from memory.
type FileStore struct {
    mu   sync.Mutex
    mem  *Memory
    path string
    file *os.File
    enc  *json.Encoder
}

// record is one line of the log.
type record struct {
    Op    string     `json:"op"`
    Job   *queue.Job `json:"job,omitempty"`
    Queue string     `json:"queue,omitempty"`
}

// OpenFileStore opens (creating if needed) the log at path and replays it.
func OpenFileStore(path string) (*FileStore, error) {
    s := &FileStore{mem: NewMemory(), path: path}
    if err := s.replay(); err != nil {
        return nil, fmt.Errorf("storage: replay %s: %w", path, err)
    }
    f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
    if err != nil {
        return nil, err
    }
    s.file = f
    s.enc = json.NewEncoder(f)
    return s, nil
}

// openFile is the registry Opener for "file:PATH".
func openFile(location string) (queue.Store, error) {
    if location == "" {
        return nil, errors.New("storage: file backend needs a path, e.g. file:/var/lib/goqueue.log")
    }
    return OpenFileStore(location)
}

// replay applies every record of an existing log to the in-memory state.
func (s *FileStore) replay() error {
    f, err := os.Open(s.path)
    if errors.Is(err, os.ErrNotExist) {
        return nil
    }
    if err != nil {
        return err
    }
    defer f.Close()
    scanner := bufio.NewScanner(f)
    scanner.Buffer(make([]byte, 64*1024), 16*1024*1024)
    for scanner.Scan() {
        var rec record
        if err := json.Unmarshal(scanner.Bytes(), &rec); err != nil {
            return err
        }
        switch rec.Op {
        case "push":
            _ = s.mem.Push(rec.Job)
        case "pop":
            _, _ = s.mem.Pop(rec.Queue)
        default:
            return fmt.Errorf("unknown operation %q", rec.Op)
        }
    }
    return scanner.Err()
}

// Push logs the job and then adds it to the in-memory state.
func (s *FileStore) Push(job *queue.Job) error {
    s.mu.Lock()
    defer s.mu.Unlock()
    if err := s.enc.Encode(record{Op: "push", Job: job}); err != nil {
        return err
    }
    return s.mem.Push(job)
}

// Pop removes the oldest job of the named queue and logs the removal.
func (s *FileStore) Pop(name string) (*queue.Job, error) {
    s.mu.Lock()
    defer s.mu.Unlock()
    job, err := s.mem.Pop(name)
    if err != nil {
        return nil, err
    }
    if err := s.enc.Encode(record{Op: "pop", Queue: name}); err != nil {
        return nil, err
    }
    return job, nil
}

// Len reports the number of waiting jobs in the named queue.
func (s *FileStore) Len(name string) (int, error) { return s.mem.Len(name) }

// Queues returns the sorted names of non-empty queues.
func (s *FileStore) Queues() ([]string, error) { return s.mem.Queues() }

// Close syncs and closes the log file.
func (s *FileStore) Close() error {
    s.mu.Lock()
    defer s.mu.Unlock()
    if err := s.file.Sync(); err != nil {
        return err
    }
    return s.file.Close()
}
EOF

gowrite storage/file_test.go <<'EOF'
package storage

import (
    "path/filepath"
    "testing"
)

func TestFileStore(t *testing.T) {
    s, err := OpenFileStore(filepath.Join(t.TempDir(), "queue.log"))
    if err != nil {
        t.Fatal(err)
    }
    defer s.Close()
    testStore(t, s)
}

func TestFileStoreSurvivesReopen(t *testing.T) {
    path := filepath.Join(t.TempDir(), "queue.log")
    s, err := OpenFileStore(path)
    if err != nil {
        t.Fatal(err)
    }
    for _, id := range []string{"a", "b"} {
        if err := s.Push(newJob(id, "mail")); err != nil {
            t.Fatal(err)
        }
    }
    if _, err := s.Pop("mail"); err != nil {
        t.Fatal(err)
    }
    if err := s.Close(); err != nil {
        t.Fatal(err)
    }
    reopened, err := Open("file:" + path)
    if err != nil {
        t.Fatal(err)
    }
    defer reopened.Close()
    job, err := reopened.Pop("mail")
    if err != nil || job.ID != "b" {
        t.Fatalf("Pop after reopen = %v, %v; want job b", job, err)
    }
}
EOF

go_registry memory:openMemory file:openFile

sed -i 's/^| `memory:` | `Memory` in `storage\/memory.go` | no |$/&\n| `file:PATH` | `FileStore` in `storage\/file.go` | yes |/' docs/storage.md
append docs/storage.md <<'EOF'

## file

Appends every push and pop to a JSON-lines log and replays the log when the
server starts, so waiting jobs survive restarts. Reads are served from
memory. The log grows without bound; rotate it while the server is stopped.
EOF
commit "Add append-only file storage backend for durable queues"

# --------------------------------------------------------------------------
sr_author dana
gosed 's/^\/\/ decode reads the JSON request body into v\.$/\/\/ badRequest marks errors caused by a malformed request body.\ntype badRequest struct{ err error }\n\nfunc (e badRequest) Error() string { return "bad request: " + e.err.Error() }\n\n&/' api/server.go
gosed 's/^\treturn json.NewDecoder(r.Body).Decode(v)$/    if err := json.NewDecoder(r.Body).Decode(v); err != nil {\n        return badRequest{err}\n    }\n    return nil/' api/server.go
gosed 's/^\tif errors.Is(err, queue.ErrNotFound) {$/    var bad badRequest\n    switch {\n    case errors.As(err, \&bad):\n        status = http.StatusBadRequest\n    case errors.Is(err, queue.ErrNotFound):/' api/server.go
gosed 's/^\/\/ decode reads the JSON request body into v\.$/\/\/ decode reads the JSON request body into v; failures become badRequest./' api/server.go
goappend api/server_test.go <<'EOF'

func TestMalformedBodyIsBadRequest(t *testing.T) {
    s, _ := newTestServer()
    if rec := do(s, "POST", "/v1/enqueue", `{"queue":`); rec.Code != http.StatusBadRequest {
        t.Fatalf("status = %d, want 400", rec.Code)
    }
}
EOF
commit "Return 400 instead of 500 for malformed JSON request bodies"

# --------------------------------------------------------------------------
# FEATURE: stats endpoint + CLI command
sr_author alice
gowrite queue/stats.go <<'EOF'
package queue

// QueueStats is a snapshot of one named queue.
type QueueStats struct {
    Name    string `json:"name"`
    Waiting int    `json:"waiting"`
}

// Stats returns the number of waiting jobs per non-empty queue, sorted by
// name, and the number of reserved jobs across all queues.
func (q *Queue) Stats() ([]QueueStats, int, error) {
    names, err := q.store.Queues()
    if err != nil {
        return nil, 0, err
    }
    stats := make([]QueueStats, 0, len(names))
    for _, name := range names {
        n, err := q.store.Len(name)
        if err != nil {
            return nil, 0, err
        }
        stats = append(stats, QueueStats{Name: name, Waiting: n})
    }
    return stats, q.InFlight(), nil
}
EOF

gowrite api/stats.go <<'EOF'
package api

import (
    "net/http"

    "github.com/example/goqueue/queue"
)

// statsResponse is the body of GET /v1/stats.
type statsResponse struct {
    Queues   []queue.QueueStats `json:"queues"`
    InFlight int                `json:"in_flight"`
}

// handleStats reports the depth of every queue and the number of reserved jobs.
func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
    stats, inflight, err := s.queue.Stats()
    if err != nil {
        writeError(w, err)
        return
    }
    writeJSON(w, http.StatusOK, statsResponse{Queues: stats, InFlight: inflight})
}
EOF
gosed 's|^\ts.mux.HandleFunc("/v1/nack", method("POST", s.handleNack))$|&\n\ts.mux.HandleFunc("/v1/stats", method("GET", s.handleStats))|' api/server.go

goappend api/server_test.go <<'EOF'

func TestStats(t *testing.T) {
    s, q := newTestServer()
    for _, name := range []string{"mail", "mail", "sms"} {
        if _, err := q.Enqueue(name, []byte(`{}`)); err != nil {
            t.Fatal(err)
        }
    }
    if _, err := q.Reserve("sms"); err != nil {
        t.Fatal(err)
    }
    rec := do(s, "GET", "/v1/stats", "")
    var got statsResponse
    if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
        t.Fatal(err)
    }
    if len(got.Queues) != 1 || got.Queues[0].Waiting != 2 || got.InFlight != 1 {
        t.Errorf("stats = %+v", got)
    }
}
EOF

gowrite cmd/goqueue/stats.go <<'EOF'
package main

import (
    "flag"
    "fmt"
)

// statsReply mirrors the body of GET /v1/stats.
type statsReply struct {
    Queues []struct {
        Name    string `json:"name"`
        Waiting int    `json:"waiting"`
    } `json:"queues"`
    InFlight int `json:"in_flight"`
}

// runStats implements "goqueue stats": one line per queue with its depth.
func runStats(args []string) error {
    fs := flag.NewFlagSet("stats", flag.ContinueOnError)
    if err := fs.Parse(args); err != nil {
        return err
    }
    var reply statsReply
    if err := newAPIClient().call("GET", "/v1/stats", nil, &reply); err != nil {
        return err
    }
    for _, q := range reply.Queues {
        fmt.Fprintf(stdout, "%s %d\n", q.Name, q.Waiting)
    }
    _, err := fmt.Fprintf(stdout, "in flight: %d\n", reply.InFlight)
    return err
}
EOF

go_main 0.1.0 \
  "enqueue|add a job to a queue|runEnqueue" \
  "serve|run the HTTP API server|runServe" \
  "stats|show queue depths|runStats" \
  "version|print the version|runVersion"

goappend cmd/goqueue/main_test.go <<'EOF'

func TestStatsShowsDepth(t *testing.T) {
    q := startServer(t)
    if _, err := q.Enqueue("mail", []byte(`{}`)); err != nil {
        t.Fatal(err)
    }
    out := captureStdout(t)
    if err := runStats(nil); err != nil {
        t.Fatal(err)
    }
    if !strings.Contains(out.String(), "mail 1") {
        t.Errorf("output = %q", out.String())
    }
}
EOF

sed -i 's/^| POST | `\/v1\/nack` | `{"id"}` | 204; the job is delivered again |$/&\n| GET | `\/v1\/stats` | | `{"queues": [{"name", "waiting"}], "in_flight"}` |/' docs/api.md
commit "Add stats endpoint and CLI command showing queue depths"

# --------------------------------------------------------------------------
write CHANGELOG.md <<'EOF'
# Changelog

## 0.2.0

- Visibility timeout: unacknowledged jobs are delivered again.
- Durable `file:` storage backend.
- `GET /v1/stats` and `goqueue stats`.
- Malformed request bodies answer 400.

## 0.1.0

- First release: memory store, HTTP API, `goqueue serve` and `enqueue`.
EOF
gosed 's/^const version = "0.1.0"$/const version = "0.2.0"/' cmd/goqueue/main.go
commit "Release 0.2.0"

# --------------------------------------------------------------------------
# FEATURE: retry with exponential backoff
sr_author bob
gowrite internal/backoff/backoff.go <<'EOF'
// Package backoff computes retry delays that grow exponentially.
package backoff

import "time"

// Policy describes an exponential backoff: the first retry waits Base, each
// further retry waits Factor times longer, never more than Max.
type Policy struct {
    Base   time.Duration
    Factor float64
    Max    time.Duration
}

// Default returns a policy starting at one second and doubling up to five
// minutes.
func Default() Policy {
    return Policy{Base: time.Second, Factor: 2, Max: 5 * time.Minute}
}

// Delay returns how long to wait before retry number attempt (1-based).
// A zero Policy means "retry immediately".
func (p Policy) Delay(attempt int) time.Duration {
    if p.Base <= 0 || attempt < 1 {
        return 0
    }
    d := float64(p.Base)
    for i := 1; i < attempt; i++ {
        d *= p.Factor
        if p.Max > 0 && d >= float64(p.Max) {
            return p.Max
        }
    }
    return time.Duration(d)
}
EOF

gowrite internal/backoff/backoff_test.go <<'EOF'
package backoff

import (
    "testing"
    "time"
)

func TestDelayGrowsAndIsCapped(t *testing.T) {
    p := Policy{Base: time.Second, Factor: 2, Max: 5 * time.Second}
    want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
    for i, w := range want {
        if got := p.Delay(i + 1); got != w {
            t.Errorf("Delay(%d) = %v, want %v", i+1, got, w)
        }
    }
}

func TestZeroPolicyRetriesImmediately(t *testing.T) {
    if d := (Policy{}).Delay(3); d != 0 {
        t.Errorf("Delay = %v, want 0", d)
    }
}
EOF

gowrite queue/options.go <<'EOF'
package queue

import (
    "time"

    "github.com/example/goqueue/internal/backoff"
)

// Options tune the delivery semantics of a Queue.
type Options struct {
    // VisibilityTimeout is how long a reserved job stays hidden. A job that
    // is neither acknowledged nor rejected within it is delivered again.
    VisibilityTimeout time.Duration
    // Backoff delays the redelivery of rejected and expired jobs.
    Backoff backoff.Policy
}

// DefaultOptions returns the options used by the server unless overridden.
func DefaultOptions() Options {
    return Options{
        VisibilityTimeout: 30 * time.Second,
        Backoff:           backoff.Default(),
    }
}
EOF

gowrite queue/queue.go <<'EOF'
package queue

import (
    "errors"
    "sync"
    "time"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/internal/ids"
)

// reservation is a job handed to a consumer together with the time at which
// it becomes visible again if the consumer does not answer.
type reservation struct {
    job      *Job
    deadline time.Time
}

// Queue hands out jobs from a Store and tracks the ones that are reserved
// but not yet acknowledged, and the rejected ones waiting for a retry. It is
// safe for concurrent use.
type Queue struct {
    store    Store
    clock    clock.Clock
    opts     Options
    ids      *ids.Sequence
    mu       sync.Mutex
    inflight map[string]reservation
    // delayed holds jobs waiting for their backoff; deadline is when they
    // go back to the store.
    delayed []reservation
}

// New returns a Queue backed by store that reads time from clk.
func New(store Store, clk clock.Clock, opts Options) *Queue {
    return &Queue{
        store:    store,
        clock:    clk,
        opts:     opts,
        ids:      ids.NewSequence("job"),
        inflight: make(map[string]reservation),
    }
}

// Enqueue adds a job with payload to the named queue and returns it.
func (q *Queue) Enqueue(queue string, payload []byte) (*Job, error) {
    if queue == "" {
        return nil, errors.New("queue: empty queue name")
    }
    job := &Job{ID: q.ids.Next(), Queue: queue, Payload: payload, CreatedAt: q.clock.Now()}
    if err := q.store.Push(job); err != nil {
        return nil, err
    }
    return job, nil
}

// Reserve takes the oldest job from the named queue and hides it for the
// visibility timeout. It returns ErrEmpty when there is nothing to do.
func (q *Queue) Reserve(queue string) (*Job, error) {
    job, err := q.store.Pop(queue)
    if err != nil {
        return nil, err
    }
    job.Attempts++
    q.mu.Lock()
    q.inflight[job.ID] = reservation{job: job, deadline: q.clock.Now().Add(q.opts.VisibilityTimeout)}
    q.mu.Unlock()
    return job, nil
}

// Ack marks a reserved job as done and forgets it.
func (q *Queue) Ack(id string) error {
    q.mu.Lock()
    defer q.mu.Unlock()
    if _, ok := q.inflight[id]; !ok {
        return ErrNotFound
    }
    delete(q.inflight, id)
    return nil
}

// Nack rejects a reserved job. It is retried after the backoff delay for
// its number of attempts.
func (q *Queue) Nack(id string) error {
    q.mu.Lock()
    r, ok := q.inflight[id]
    delete(q.inflight, id)
    q.mu.Unlock()
    if !ok {
        return ErrNotFound
    }
    return q.retry(r.job)
}

// InFlight reports how many jobs are reserved and not yet acknowledged.
func (q *Queue) InFlight() int {
    q.mu.Lock()
    defer q.mu.Unlock()
    return len(q.inflight)
}
EOF

gowrite queue/retry.go <<'EOF'
package queue

import (
    "fmt"
    "sort"
)

// retry schedules job for another attempt after its backoff delay.
func (q *Queue) retry(job *Job) error {
    delay := q.opts.Backoff.Delay(job.Attempts)
    if delay <= 0 {
        return q.store.Push(job)
    }
    q.mu.Lock()
    q.delayed = append(q.delayed, reservation{job: job, deadline: q.clock.Now().Add(delay)})
    q.mu.Unlock()
    return nil
}

// Tick handles everything that is due: reservations whose visibility timeout
// expired are retried, and delayed jobs whose backoff elapsed go back to
// their queues. It reports how many jobs it moved. The server calls it about
// once a second.
func (q *Queue) Tick() (int, error) {
    now := q.clock.Now()
    q.mu.Lock()
    var expired, due []reservation
    for id, r := range q.inflight {
        if !now.Before(r.deadline) {
            expired = append(expired, r)
            delete(q.inflight, id)
        }
    }
    waiting := q.delayed[:0]
    for _, r := range q.delayed {
        if now.Before(r.deadline) {
            waiting = append(waiting, r)
        } else {
            due = append(due, r)
        }
    }
    q.delayed = waiting
    q.mu.Unlock()
    sort.Slice(expired, func(i, j int) bool { return expired[i].deadline.Before(expired[j].deadline) })
    for _, r := range expired {
        if err := q.retry(r.job); err != nil {
            return 0, fmt.Errorf("queue: retry %s: %w", r.job.ID, err)
        }
    }
    for _, r := range due {
        if err := q.store.Push(r.job); err != nil {
            return 0, fmt.Errorf("queue: requeue %s: %w", r.job.ID, err)
        }
    }
    return len(expired) + len(due), nil
}
EOF

gosed 's/^func TestNackRequeues(t \*testing.T) {$/func TestNackRequeuesWithoutBackoff(t *testing.T) {/' queue/queue_test.go
goappend queue/queue_test.go <<'EOF'

func TestNackWaitsForBackoff(t *testing.T) {
    clk := clock.NewFake(time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC))
    opts := queue.DefaultOptions()
    opts.Backoff.Base = 10 * time.Second
    q := queue.New(storage.NewMemory(), clk, opts)
    if _, err := q.Enqueue("mail", []byte(`1`)); err != nil {
        t.Fatal(err)
    }
    job, _ := q.Reserve("mail")
    if err := q.Nack(job.ID); err != nil {
        t.Fatal(err)
    }
    if _, err := q.Reserve("mail"); !errors.Is(err, queue.ErrEmpty) {
        t.Fatalf("job visible before its backoff: err = %v", err)
    }
    clk.Advance(11 * time.Second)
    if n, _ := q.Tick(); n != 1 {
        t.Fatalf("Tick moved %d jobs, want 1", n)
    }
    if again, err := q.Reserve("mail"); err != nil || again.Attempts != 2 {
        t.Fatalf("Reserve after backoff = %+v, %v", again, err)
    }
}
EOF
# The existing tests expect immediate redelivery: give them a zero backoff.
gosed 's/^\treturn queue.New(storage.NewMemory(), clk, queue.DefaultOptions()), clk$/    opts := queue.DefaultOptions()\n    opts.Backoff = backoff.Policy{}\n    return queue.New(storage.NewMemory(), clk, opts), clk/' queue/queue_test.go
gosed 's|^\t"github.com/example/goqueue/internal/clock"$|\t"github.com/example/goqueue/internal/backoff"\n&|' queue/queue_test.go

append docs/semantics.md <<'EOF'

## Retries and backoff

Rejected jobs (`Nack`) and jobs whose visibility timeout expired are not
retried at once: they wait `1s * 2^(attempts-1)`, capped at five minutes,
before they become visible again.
EOF
commit "Add retry with exponential backoff for failed jobs" \
"New internal/backoff package; rejected and expired jobs wait for their
backoff delay before Tick returns them to the store."

# --------------------------------------------------------------------------
# Rename the file backend.
sr_author chen
g mv storage/file.go storage/filelog.go
g mv storage/file_test.go storage/filelog_test.go
gosed 's/FileStore/FileLog/g; s/openFile\b/openFileLog/g' storage/filelog.go storage/filelog_test.go
go_registry memory:openMemory file:openFileLog
sed -i 's/`FileStore` in `storage\/file.go`/`FileLog` in `storage\/filelog.go`/' docs/storage.md
commit "Rename FileStore to FileLog to describe its on-disk format" \
"The backend is an operation log, not a snapshot; the URL scheme stays file:."

# --------------------------------------------------------------------------
# FEATURE: dead-letter queue
gowrite queue/options.go <<'EOF'
package queue

import (
    "time"

    "github.com/example/goqueue/internal/backoff"
)

// Options tune the delivery semantics of a Queue.
type Options struct {
    // VisibilityTimeout is how long a reserved job stays hidden. A job that
    // is neither acknowledged nor rejected within it is delivered again.
    VisibilityTimeout time.Duration
    // Backoff delays the redelivery of rejected and expired jobs.
    Backoff backoff.Policy
    // MaxAttempts moves a job to its dead-letter queue after that many
    // failed deliveries. Zero retries forever.
    MaxAttempts int
    // DeadLetterSuffix is appended to a queue's name to form the name of
    // its dead-letter queue.
    DeadLetterSuffix string
}

// DefaultOptions returns the options used by the server unless overridden.
func DefaultOptions() Options {
    return Options{
        VisibilityTimeout: 30 * time.Second,
        Backoff:           backoff.Default(),
        MaxAttempts:       5,
        DeadLetterSuffix:  ".dead",
    }
}

// DeadLetterQueue returns the name of the dead-letter queue for name.
func (o Options) DeadLetterQueue(name string) string {
    return name + o.DeadLetterSuffix
}
EOF

gosed 's/^\/\/ retry schedules job for another attempt after its backoff delay\.$/\/\/ retry schedules job for another attempt after its backoff delay, or moves\n\/\/ it to its dead-letter queue once it has used up MaxAttempts./' queue/retry.go
gosed 's/^func (q \*Queue) retry(job \*Job) error {$/&\n\tif q.opts.MaxAttempts > 0 \&\& job.Attempts >= q.opts.MaxAttempts {\n\t\treturn q.deadLetter(job)\n\t}/' queue/retry.go
goappend queue/retry.go <<'EOF'

// deadLetter moves job to the dead-letter queue of its queue, where it waits
// for an operator.
func (q *Queue) deadLetter(job *Job) error {
    dead := job.Clone()
    dead.Queue = q.opts.DeadLetterQueue(job.Queue)
    return q.store.Push(dead)
}
EOF

goappend queue/queue_test.go <<'EOF'

func TestJobsAreDeadLetteredAfterMaxAttempts(t *testing.T) {
    q, _ := newQueue(t)
    if _, err := q.Enqueue("mail", []byte(`1`)); err != nil {
        t.Fatal(err)
    }
    for i := 0; i < queue.DefaultOptions().MaxAttempts; i++ {
        job, err := q.Reserve("mail")
        if err != nil {
            t.Fatalf("attempt %d: %v", i+1, err)
        }
        if err := q.Nack(job.ID); err != nil {
            t.Fatal(err)
        }
    }
    if _, err := q.Reserve("mail"); !errors.Is(err, queue.ErrEmpty) {
        t.Fatalf("job still in mail after max attempts: %v", err)
    }
    dead, err := q.Reserve("mail.dead")
    if err != nil || dead.Attempts != 6 {
        t.Fatalf("dead-letter Reserve = %+v, %v", dead, err)
    }
}
EOF

gosed 's/^\tfs.DurationVar(&opts.VisibilityTimeout, .*$/&\n\tfs.IntVar(\&opts.MaxAttempts, "max-attempts", opts.MaxAttempts, "deliveries before a job is dead-lettered (0 = unlimited)")/' cmd/goqueue/serve.go

append docs/semantics.md <<'EOF'

## Dead letters

After `MaxAttempts` failed deliveries (default 5, `serve -max-attempts`) a
job is moved to the queue's dead-letter queue, named `<queue>.dead`. Dead
letters are ordinary jobs: inspect them with `reserve` and remove them with
`ack`.
EOF
commit "Add dead-letter queue for jobs that exceed max attempts" \
"Jobs that fail MaxAttempts times move to <queue>.dead instead of being
retried forever."

# --------------------------------------------------------------------------
# FEATURE: directory backend
sr_author dana
gowrite storage/dir.go <<'EOF'
package storage

import (
    "encoding/json"
    "errors"
    "fmt"
    "os"
    "path/filepath"
    "regexp"
    "sort"
    "sync"

    "github.com/example/goqueue/queue"
)

// validName restricts queue names to characters that are safe in paths.
var validName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// Dir stores each waiting job as a JSON file in <root>/<queue>/, named by a
// zero-padded sequence number so that sorted names give FIFO order.
type Dir struct {
    mu   sync.Mutex
    root string
    seq  uint64
}

// OpenDir opens (creating if needed) a directory store rooted at root and
// continues numbering after the highest sequence number found on disk.
func OpenDir(root string) (*Dir, error) {
    if err := os.MkdirAll(root, 0o755); err != nil {
        return nil, err
    }
    d := &Dir{root: root}
    existing, err := filepath.Glob(filepath.Join(root, "*", "*.json"))
    if err != nil {
        return nil, err
    }
    for _, path := range existing {
        var n uint64
        if _, err := fmt.Sscanf(filepath.Base(path), "%d-", &n); err == nil && n > d.seq {
            d.seq = n
        }
    }
    return d, nil
}

// openDir is the registry Opener for "dir:PATH".
func openDir(location string) (queue.Store, error) {
    if location == "" {
        return nil, errors.New("storage: dir backend needs a path, e.g. dir:/var/lib/goqueue")
    }
    return OpenDir(location)
}

// files returns the sorted job file names of the named queue.
func (d *Dir) files(name string) ([]string, error) {
    paths, err := filepath.Glob(filepath.Join(d.root, name, "*.json"))
    names := make([]string, len(paths))
    for i, path := range paths {
        names[i] = filepath.Base(path)
    }
    sort.Strings(names)
    return names, err
}

// Push writes job to a new file via a rename, so readers never see partial JSON.
func (d *Dir) Push(job *queue.Job) error {
    if !validName.MatchString(job.Queue) {
        return fmt.Errorf("storage: queue name %q is not valid for the dir backend", job.Queue)
    }
    data, err := json.Marshal(job)
    if err != nil {
        return err
    }
    d.mu.Lock()
    defer d.mu.Unlock()
    dir := filepath.Join(d.root, job.Queue)
    if err := os.MkdirAll(dir, 0o755); err != nil {
        return err
    }
    d.seq++
    final := filepath.Join(dir, fmt.Sprintf("%020d-%s.json", d.seq, job.ID))
    if err := os.WriteFile(final+".tmp", data, 0o644); err != nil {
        return err
    }
    return os.Rename(final+".tmp", final)
}

// Pop reads and deletes the oldest job file of the named queue.
func (d *Dir) Pop(name string) (*queue.Job, error) {
    d.mu.Lock()
    defer d.mu.Unlock()
    files, err := d.files(name)
    if err != nil {
        return nil, err
    }
    if len(files) == 0 {
        return nil, queue.ErrEmpty
    }
    path := filepath.Join(d.root, name, files[0])
    data, err := os.ReadFile(path)
    if err != nil {
        return nil, err
    }
    var job queue.Job
    if err := json.Unmarshal(data, &job); err != nil {
        return nil, fmt.Errorf("storage: corrupt job file %s: %w", path, err)
    }
    return &job, os.Remove(path)
}

// Len counts the job files of the named queue.
func (d *Dir) Len(name string) (int, error) {
    files, err := d.files(name)
    return len(files), err
}

// Queues lists the sub-directories that contain at least one job.
func (d *Dir) Queues() ([]string, error) {
    entries, err := os.ReadDir(d.root)
    if err != nil {
        return nil, err
    }
    var names []string
    for _, e := range entries {
        if n, _ := d.Len(e.Name()); e.IsDir() && n > 0 {
            names = append(names, e.Name())
        }
    }
    return names, nil
}

// Close is a no-op: the directory store keeps no files open.
func (d *Dir) Close() error { return nil }
EOF

gowrite storage/dir_test.go <<'EOF'
package storage

import "testing"

func TestDirStore(t *testing.T) {
    s, err := OpenDir(t.TempDir())
    if err != nil {
        t.Fatal(err)
    }
    testStore(t, s)
}

func TestDirStoreContinuesSequenceAfterReopen(t *testing.T) {
    root := t.TempDir()
    s, _ := OpenDir(root)
    if err := s.Push(newJob("a", "mail")); err != nil {
        t.Fatal(err)
    }
    reopened, err := Open("dir:" + root)
    if err != nil {
        t.Fatal(err)
    }
    if err := reopened.Push(newJob("b", "mail")); err != nil {
        t.Fatal(err)
    }
    if job, _ := reopened.Pop("mail"); job == nil || job.ID != "a" {
        t.Fatalf("Pop = %v, want job a first", job)
    }
}

func TestDirRejectsUnsafeQueueNames(t *testing.T) {
    s, _ := OpenDir(t.TempDir())
    if err := s.Push(newJob("x", "../etc")); err == nil {
        t.Fatal("expected an error for a queue name with a path separator")
    }
}
EOF

go_registry memory:openMemory file:openFileLog dir:openDir

sed -i 's/^| `file:PATH` | `FileLog` in `storage\/filelog.go` | yes |$/&\n| `dir:PATH` | `Dir` in `storage\/dir.go` | yes |/' docs/storage.md
append docs/storage.md <<'EOF'

## dir

Stores every waiting job as a JSON file under `PATH/<queue>/`, named with a
sequence number so that directory order is queue order. Slower than `file:`
but easy to inspect and repair by hand. Queue names may only contain
letters, digits, `_`, `.` and `-`.
EOF
commit "Add directory storage backend storing one file per job"

# --------------------------------------------------------------------------
sr_author bob
append README.md <<'EOF'

## Store URLs

`goqueue serve -store URL` selects the storage backend:

    -store memory:                      # default, not durable
    -store file:/var/lib/goqueue.log    # append-only log
    -store dir:/var/lib/goqueue         # one file per job
EOF
commit "Document store URLs in the README"

# --------------------------------------------------------------------------
# Refactor: random IDs, delete internal/ids
sr_author dana
gowrite queue/id.go <<'EOF'
package queue

import (
    "crypto/rand"
    "encoding/hex"
)

// newID returns a random job identifier such as "job-9f86d081884c7d65".
// Random IDs stay unique across restarts of a durable store, which the old
// sequential counter did not.
func newID() string {
    var b [8]byte
    if _, err := rand.Read(b[:]); err != nil {
        panic("queue: cannot read random bytes: " + err.Error())
    }
    return "job-" + hex.EncodeToString(b[:])
}
EOF
g rm -q internal/ids/ids.go
gosed '/^\t"github.com\/example\/goqueue\/internal\/ids"$/d; /^\t"github.com\/example\/goqueue\/internal\/ids"$/d' queue/queue.go
gosed '/^\tids      \*ids.Sequence$/d; /^\t\tids:      ids.NewSequence("job"),$/d' queue/queue.go
gosed 's/Job{ID: q.ids.Next(), /Job{ID: newID(), /' queue/queue.go
gowrite queue/id_test.go <<'EOF'
package queue

import (
    "strings"
    "testing"
)

func TestNewIDIsUniqueAndPrefixed(t *testing.T) {
    seen := make(map[string]bool)
    for i := 0; i < 1000; i++ {
        id := newID()
        if !strings.HasPrefix(id, "job-") || len(id) != 20 {
            t.Fatalf("malformed ID %q", id)
        }
        if seen[id] {
            t.Fatalf("duplicate ID %s", id)
        }
        seen[id] = true
    }
}
EOF
commit "Use random job IDs and remove the internal/ids package" \
"Sequential IDs restarted at job-1 after a restart and collided with jobs
still waiting in durable stores."

# --------------------------------------------------------------------------
# FEATURE: Purge in the Store interface and all backends
sr_author alice
gosed 's|^\t// Close releases resources held by the store.$|\t// Purge deletes every waiting job of the named queue and reports how\n\t// many there were.\n\tPurge(queue string) (int, error)\n&|' queue/store.go

goappend storage/memory.go <<'EOF'

// Purge drops every waiting job of the named queue.
func (m *Memory) Purge(name string) (int, error) {
    m.mu.Lock()
    defer m.mu.Unlock()
    n := len(m.queues[name])
    delete(m.queues, name)
    return n, nil
}
EOF

gosed 's/^\t\tcase "pop":$/        case "purge":\n            _, _ = s.mem.Purge(rec.Queue)\n&/' storage/filelog.go
goappend storage/filelog.go <<'EOF'

// Purge logs the purge and drops every waiting job of the named queue.
func (s *FileLog) Purge(name string) (int, error) {
    s.mu.Lock()
    defer s.mu.Unlock()
    if err := s.enc.Encode(record{Op: "purge", Queue: name}); err != nil {
        return 0, err
    }
    return s.mem.Purge(name)
}
EOF

goappend storage/dir.go <<'EOF'

// Purge deletes every job file of the named queue.
func (d *Dir) Purge(name string) (int, error) {
    d.mu.Lock()
    defer d.mu.Unlock()
    files, err := d.files(name)
    if err != nil {
        return 0, err
    }
    for _, f := range files {
        if err := os.Remove(filepath.Join(d.root, name, f)); err != nil {
            return 0, err
        }
    }
    return len(files), nil
}
EOF

goappend storage/conformance_test.go <<'EOF'

// testPurge checks that Purge empties one queue and leaves the others alone.
func testPurge(t *testing.T, s queue.Store) {
    t.Helper()
    for _, id := range []string{"p1", "p2"} {
        if err := s.Push(newJob(id, "purge-me")); err != nil {
            t.Fatal(err)
        }
    }
    if err := s.Push(newJob("k1", "keep")); err != nil {
        t.Fatal(err)
    }
    if n, err := s.Purge("purge-me"); n != 2 || err != nil {
        t.Fatalf("Purge = %d, %v; want 2", n, err)
    }
    if n, _ := s.Len("purge-me"); n != 0 {
        t.Errorf("Len after Purge = %d", n)
    }
    if n, _ := s.Len("keep"); n != 1 {
        t.Errorf("Purge touched another queue: Len(keep) = %d", n)
    }
}
EOF
gosed 's/^\ttestStore(t, NewMemory())$/&\n\ttestPurge(t, NewMemory())/' storage/memory_test.go
gosed 's/^\ttestStore(t, s)$/&\n\ttestPurge(t, s)/' storage/filelog_test.go storage/dir_test.go
commit "Add Purge to the Store interface and every storage backend"

# --------------------------------------------------------------------------
# FEATURE: purge endpoint + CLI command
gowrite queue/admin.go <<'EOF'
package queue

import "errors"

// Purge deletes every waiting job of the named queue and reports how many
// were removed. Reserved jobs are not affected.
func (q *Queue) Purge(queue string) (int, error) {
    if queue == "" {
        return 0, errors.New("queue: empty queue name")
    }
    return q.store.Purge(queue)
}
EOF

gowrite api/purge.go <<'EOF'
package api

import "net/http"

// purgeResponse is the body of a successful POST /v1/purge.
type purgeResponse struct {
    Purged int `json:"purged"`
}

// handlePurge deletes every waiting job of a queue.
func (s *Server) handlePurge(w http.ResponseWriter, r *http.Request) {
    var req queueRequest
    if err := decode(r, &req); err != nil {
        writeError(w, err)
        return
    }
    n, err := s.queue.Purge(req.Queue)
    if err != nil {
        writeError(w, err)
        return
    }
    writeJSON(w, http.StatusOK, purgeResponse{Purged: n})
}
EOF
gosed 's|^\ts.mux.HandleFunc("/v1/stats", method("GET", s.handleStats))$|&\n\ts.mux.HandleFunc("/v1/purge", method("POST", s.handlePurge))|' api/server.go

goappend api/server_test.go <<'EOF'

func TestPurge(t *testing.T) {
    s, q := newTestServer()
    for i := 0; i < 3; i++ {
        if _, err := q.Enqueue("mail", []byte(`{}`)); err != nil {
            t.Fatal(err)
        }
    }
    rec := do(s, "POST", "/v1/purge", `{"queue":"mail"}`)
    if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"purged":3`) {
        t.Fatalf("purge = %d %s", rec.Code, rec.Body)
    }
}
EOF

gowrite cmd/goqueue/purge.go <<'EOF'
package main

import (
    "errors"
    "flag"
    "fmt"
)

// runPurge implements "goqueue purge -queue NAME -yes".
func runPurge(args []string) error {
    fs := flag.NewFlagSet("purge", flag.ContinueOnError)
    name := fs.String("queue", "", "queue to empty")
    yes := fs.Bool("yes", false, "confirm that the jobs should be deleted")
    if err := fs.Parse(args); err != nil {
        return err
    }
    if *name == "" {
        return errors.New("usage: goqueue purge -queue NAME -yes")
    }
    if !*yes {
        return fmt.Errorf("refusing to purge %q without -yes", *name)
    }
    var reply struct {
        Purged int `json:"purged"`
    }
    if err := newAPIClient().call("POST", "/v1/purge", map[string]string{"queue": *name}, &reply); err != nil {
        return err
    }
    _, err := fmt.Fprintf(stdout, "purged %d jobs from %s\n", reply.Purged, *name)
    return err
}
EOF

go_main 0.2.0 \
  "enqueue|add a job to a queue|runEnqueue" \
  "purge|delete every waiting job of a queue|runPurge" \
  "serve|run the HTTP API server|runServe" \
  "stats|show queue depths|runStats" \
  "version|print the version|runVersion"

goappend cmd/goqueue/main_test.go <<'EOF'

func TestPurgeNeedsConfirmation(t *testing.T) {
    q := startServer(t)
    if _, err := q.Enqueue("mail", []byte(`{}`)); err != nil {
        t.Fatal(err)
    }
    if err := runPurge([]string{"-queue", "mail"}); err == nil {
        t.Fatal("purge without -yes should fail")
    }
    out := captureStdout(t)
    if err := runPurge([]string{"-queue", "mail", "-yes"}); err != nil {
        t.Fatal(err)
    }
    if !strings.Contains(out.String(), "purged 1 jobs") {
        t.Errorf("output = %q", out.String())
    }
}
EOF

sed -i 's/^| GET | `\/v1\/stats` | .*$/&\n| POST | `\/v1\/purge` | `{"queue"}` | `{"purged": n}`; deletes waiting jobs |/' docs/api.md
commit "Add purge endpoint and CLI command to empty a queue"

# --------------------------------------------------------------------------
sr_author bob
gosed 's/os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)/os.O_CREATE|os.O_APPEND|os.O_WRONLY|os.O_SYNC, 0o644)/' storage/filelog.go
gosed 's/^\/\/ file and replays the file on open\. Reads are served from memory\.$/\/\/ file and replays the file on open. Reads are served from memory. Writes\n\/\/ use O_SYNC so an acknowledged enqueue survives a crash./' storage/filelog.go
commit "Open the file log with O_SYNC so enqueued jobs survive crashes"

# --------------------------------------------------------------------------
# FEATURE: metrics
gowrite internal/metrics/metrics.go <<'EOF'
// Package metrics implements counters rendered in the Prometheus text
// exposition format, without external dependencies.
package metrics

import (
    "fmt"
    "io"
    "sort"
    "sync"
    "sync/atomic"
)

// Counter is a monotonically increasing value. It is safe for concurrent use.
type Counter struct {
    value int64
}

// Inc adds one to the counter.
func (c *Counter) Inc() { atomic.AddInt64(&c.value, 1) }

// Add adds n, which must not be negative, to the counter.
func (c *Counter) Add(n int64) { atomic.AddInt64(&c.value, n) }

// Value returns the current count.
func (c *Counter) Value() int64 { return atomic.LoadInt64(&c.value) }

// Registry holds named counters and their help texts.
type Registry struct {
    mu       sync.Mutex
    counters map[string]*Counter
    help     map[string]string
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
    return &Registry{counters: make(map[string]*Counter), help: make(map[string]string)}
}

// Counter returns the counter called name, creating it with help on first use.
func (r *Registry) Counter(name, help string) *Counter {
    r.mu.Lock()
    defer r.mu.Unlock()
    c, ok := r.counters[name]
    if !ok {
        c = &Counter{}
        r.counters[name] = c
        r.help[name] = help
    }
    return c
}

// WriteText writes every counter in the Prometheus text format, by name.
func (r *Registry) WriteText(w io.Writer) error {
    r.mu.Lock()
    names := make([]string, 0, len(r.counters))
    for name := range r.counters {
        names = append(names, name)
    }
    r.mu.Unlock()
    sort.Strings(names)
    for _, name := range names {
        r.mu.Lock()
        c, help := r.counters[name], r.help[name]
        r.mu.Unlock()
        if _, err := fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n",
            name, help, name, name, c.Value()); err != nil {
            return err
        }
    }
    return nil
}
EOF

gowrite internal/metrics/metrics_test.go <<'EOF'
package metrics

import (
    "strings"
    "testing"
)

func TestCounterIsSharedByName(t *testing.T) {
    r := NewRegistry()
    r.Counter("jobs_total", "Jobs.").Inc()
    r.Counter("jobs_total", "ignored").Add(2)
    if v := r.Counter("jobs_total", "").Value(); v != 3 {
        t.Fatalf("Value = %d, want 3", v)
    }
}

func TestWriteText(t *testing.T) {
    r := NewRegistry()
    r.Counter("b_total", "B things.").Inc()
    r.Counter("a_total", "A things.")
    var sb strings.Builder
    if err := r.WriteText(&sb); err != nil {
        t.Fatal(err)
    }
    want := "# HELP a_total A things.\n# TYPE a_total counter\na_total 0\n" +
        "# HELP b_total B things.\n# TYPE b_total counter\nb_total 1\n"
    if sb.String() != want {
        t.Errorf("WriteText =\n%s\nwant\n%s", sb.String(), want)
    }
}
EOF

gowrite queue/queue.go <<'EOF'
package queue

import (
    "errors"
    "sync"
    "time"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/internal/metrics"
)

// reservation is a job handed to a consumer together with the time at which
// it becomes visible again if the consumer does not answer.
type reservation struct {
    job      *Job
    deadline time.Time
}

// counters are the metrics a Queue maintains.
type counters struct {
    enqueued     *metrics.Counter
    reserved     *metrics.Counter
    acked        *metrics.Counter
    retried      *metrics.Counter
    deadLettered *metrics.Counter
}

// Queue hands out jobs from a Store and tracks the ones that are reserved
// but not yet acknowledged, and the rejected ones waiting for a retry. It is
// safe for concurrent use.
type Queue struct {
    store    Store
    clock    clock.Clock
    opts     Options
    metrics  *metrics.Registry
    count    counters
    mu       sync.Mutex
    inflight map[string]reservation
    // delayed holds jobs waiting for their backoff; deadline is when they
    // go back to the store.
    delayed []reservation
}

// New returns a Queue backed by store that reads time from clk.
func New(store Store, clk clock.Clock, opts Options) *Queue {
    reg := metrics.NewRegistry()
    return &Queue{
        store:   store,
        clock:   clk,
        opts:    opts,
        metrics: reg,
        count: counters{
            enqueued:     reg.Counter("goqueue_jobs_enqueued_total", "Jobs added to any queue."),
            reserved:     reg.Counter("goqueue_jobs_reserved_total", "Deliveries of jobs to consumers."),
            acked:        reg.Counter("goqueue_jobs_acked_total", "Jobs acknowledged as done."),
            retried:      reg.Counter("goqueue_jobs_retried_total", "Rejected or expired jobs scheduled again."),
            deadLettered: reg.Counter("goqueue_jobs_dead_lettered_total", "Jobs moved to a dead-letter queue."),
        },
        inflight: make(map[string]reservation),
    }
}

// Metrics returns the registry holding the queue's counters.
func (q *Queue) Metrics() *metrics.Registry { return q.metrics }

// Enqueue adds a job with payload to the named queue and returns it.
func (q *Queue) Enqueue(queue string, payload []byte) (*Job, error) {
    if queue == "" {
        return nil, errors.New("queue: empty queue name")
    }
    job := &Job{ID: newID(), Queue: queue, Payload: payload, CreatedAt: q.clock.Now()}
    if err := q.store.Push(job); err != nil {
        return nil, err
    }
    q.count.enqueued.Inc()
    return job, nil
}

// Reserve takes the oldest job from the named queue and hides it for the
// visibility timeout. It returns ErrEmpty when there is nothing to do.
func (q *Queue) Reserve(queue string) (*Job, error) {
    job, err := q.store.Pop(queue)
    if err != nil {
        return nil, err
    }
    job.Attempts++
    q.mu.Lock()
    q.inflight[job.ID] = reservation{job: job, deadline: q.clock.Now().Add(q.opts.VisibilityTimeout)}
    q.mu.Unlock()
    q.count.reserved.Inc()
    return job, nil
}

// Ack marks a reserved job as done and forgets it.
func (q *Queue) Ack(id string) error {
    q.mu.Lock()
    defer q.mu.Unlock()
    if _, ok := q.inflight[id]; !ok {
        return ErrNotFound
    }
    delete(q.inflight, id)
    q.count.acked.Inc()
    return nil
}

// Nack rejects a reserved job. It is retried after the backoff delay for
// its number of attempts.
func (q *Queue) Nack(id string) error {
    q.mu.Lock()
    r, ok := q.inflight[id]
    delete(q.inflight, id)
    q.mu.Unlock()
    if !ok {
        return ErrNotFound
    }
    return q.retry(r.job)
}

// InFlight reports how many jobs are reserved and not yet acknowledged.
func (q *Queue) InFlight() int {
    q.mu.Lock()
    defer q.mu.Unlock()
    return len(q.inflight)
}
EOF
gosed 's/^\tdelay := q.opts.Backoff.Delay(job.Attempts)$/\tq.count.retried.Inc()\n&/' queue/retry.go
gosed 's/^\tdead.Queue = q.opts.DeadLetterQueue(job.Queue)$/&\n\tq.count.deadLettered.Inc()/' queue/retry.go

gowrite api/metrics.go <<'EOF'
package api

import (
    "fmt"
    "net/http"
)

// handleMetrics serves the queue's counters and the depth of every queue in
// the Prometheus text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
    stats, inflight, err := s.queue.Stats()
    if err != nil {
        writeError(w, err)
        return
    }
    w.Header().Set("Content-Type", "text/plain; version=0.0.4")
    if err := s.queue.Metrics().WriteText(w); err != nil {
        return
    }
    fmt.Fprintln(w, "# HELP goqueue_jobs_waiting Jobs waiting to be reserved.")
    fmt.Fprintln(w, "# TYPE goqueue_jobs_waiting gauge")
    for _, q := range stats {
        fmt.Fprintf(w, "goqueue_jobs_waiting{queue=%q} %d\n", q.Name, q.Waiting)
    }
    fmt.Fprintln(w, "# HELP goqueue_jobs_in_flight Jobs reserved and not yet answered.")
    fmt.Fprintln(w, "# TYPE goqueue_jobs_in_flight gauge")
    fmt.Fprintf(w, "goqueue_jobs_in_flight %d\n", inflight)
}
EOF
gosed 's|^\ts.mux.HandleFunc("/v1/purge", method("POST", s.handlePurge))$|&\n\ts.mux.HandleFunc("/metrics", method("GET", s.handleMetrics))|' api/server.go

goappend api/server_test.go <<'EOF'

func TestMetrics(t *testing.T) {
    s, q := newTestServer()
    if _, err := q.Enqueue("mail", []byte(`{}`)); err != nil {
        t.Fatal(err)
    }
    body := do(s, "GET", "/metrics", "").Body.String()
    for _, want := range []string{"goqueue_jobs_enqueued_total 1", `goqueue_jobs_waiting{queue="mail"} 1`} {
        if !strings.Contains(body, want) {
            t.Errorf("metrics output lacks %q:\n%s", want, body)
        }
    }
}
EOF

sed -i 's/^| POST | `\/v1\/purge` | .*$/&\n| GET | `\/metrics` | | Prometheus text format: job counters and queue depths |/' docs/api.md
append docs/api.md <<'EOF'

## Metrics

`GET /metrics` exposes `goqueue_jobs_{enqueued,reserved,acked,retried,dead_lettered}_total`
counters and the `goqueue_jobs_waiting{queue}` and `goqueue_jobs_in_flight`
gauges for Prometheus to scrape.
EOF
commit "Add metrics endpoint exposing job counters in Prometheus format" \
"New internal/metrics package with counters and a text renderer; the queue
counts enqueues, deliveries, acks, retries and dead letters."

# --------------------------------------------------------------------------
# FEATURE: priorities
sr_author chen
gosed 's|^\t// CreatedAt is when the job was first enqueued.$|\t// Priority orders jobs within a queue: higher values are reserved first,\n\t// equal priorities in FIFO order. The default is 0.\n\tPriority int `json:"priority,omitempty"`\n&|' queue/job.go
goappend queue/job.go <<'EOF'

// EnqueueOption customises a job before it is stored.
type EnqueueOption func(*Job)

// WithPriority sets the job's priority; higher values are reserved first.
func WithPriority(p int) EnqueueOption {
    return func(j *Job) { j.Priority = p }
}
EOF

gosed 's/^func (q \*Queue) Enqueue(queue string, payload \[\]byte) (\*Job, error) {$/func (q *Queue) Enqueue(queue string, payload []byte, opts ...EnqueueOption) (*Job, error) {/' queue/queue.go
gosed 's/^\tjob := &Job{ID: newID(), Queue: queue, Payload: payload, CreatedAt: q.clock.Now()}$/&\n\tfor _, opt := range opts {\n\t\topt(job)\n\t}/' queue/queue.go
gosed 's/^\/\/ Enqueue adds a job with payload to the named queue and returns it\.$/\/\/ Enqueue adds a job with payload to the named queue, applying opts, and\n\/\/ returns it./' queue/queue.go

gosed 's/^\/\/ Pop removes and returns the oldest job of the named queue\.$/\/\/ Pop removes and returns the job with the highest priority of the named\n\/\/ queue; among equal priorities the oldest wins./' storage/memory.go
gosed 's/^\tjob := jobs\[0\]$/\tbest := 0\n\tfor i, j := range jobs {\n\t\tif j.Priority > jobs[best].Priority {\n\t\t\tbest = i\n\t\t}\n\t}\n\tjob := jobs[best]/' storage/memory.go
gosed 's/^\tm.queues\[name\] = jobs\[1:\]$/\tm.queues[name] = append(jobs[:best:best], jobs[best+1:]...)/' storage/memory.go

goappend storage/memory_test.go <<'EOF'

func TestMemoryPopsHighestPriorityFirst(t *testing.T) {
    m := NewMemory()
    for i, p := range []int{0, 5, 5, 1} {
        job := newJob(string(rune('a'+i)), "mail")
        job.Priority = p
        if err := m.Push(job); err != nil {
            t.Fatal(err)
        }
    }
    var order string
    for {
        job, err := m.Pop("mail")
        if err != nil {
            break
        }
        order += job.ID
    }
    if order != "bcda" {
        t.Errorf("pop order = %q, want bcda", order)
    }
}
EOF

gosed 's/^\tPayload json.RawMessage `json:"payload"`$/    Payload  json.RawMessage `json:"payload"`\n    Priority int             `json:"priority"`/' api/jobs.go
gosed 's/^\tQueue   string          `json:"queue"`$/    Queue    string          `json:"queue"`/' api/jobs.go
gosed 's/^\tjob, err := s.queue.Enqueue(req.Queue, req.Payload)$/\tjob, err := s.queue.Enqueue(req.Queue, req.Payload, queue.WithPriority(req.Priority))/' api/jobs.go

gosed 's/^\tname := fs.String("queue", "default", "queue to add the job to")$/&\n\tpriority := fs.Int("priority", 0, "higher priorities are reserved first")/' cmd/goqueue/enqueue.go
gosed 's/^\treq := map\[string\]any{"queue": \*name, "payload": payload}$/\treq := map[string]any{"queue": *name, "payload": payload, "priority": *priority}/' cmd/goqueue/enqueue.go
gosed 's/usage: goqueue enqueue \[-queue NAME\] JSON_PAYLOAD/usage: goqueue enqueue [-queue NAME] [-priority N] JSON_PAYLOAD/' cmd/goqueue/enqueue.go

sed -i 's/^| POST | `\/v1\/enqueue` | `{"queue", "payload"}` | 201 with the job |$/| POST | `\/v1\/enqueue` | `{"queue", "payload", "priority"}` | 201 with the job |/' docs/api.md
append docs/api.md <<'EOF'

## Priorities

`priority` (default 0) orders jobs within a queue: higher values are
reserved first, equal priorities in FIFO order. The `memory:` and `file:`
backends honour priorities; `dir:` keeps plain FIFO order.
EOF
commit "Add job priorities to enqueue and reserve" \
"Jobs carry a Priority set with queue.WithPriority, the API's priority
field or goqueue enqueue -priority; the memory store pops the highest
priority first."

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^# Changelog$/&\n\n## 0.3.0\n\n- Retries with exponential backoff and dead-letter queues.\n- `dir:` storage backend; the file backend syncs every write.\n- Random job IDs.\n- `POST \/v1\/purge`, `goqueue purge`, `GET \/metrics`.\n- Job priorities./' CHANGELOG.md
gosed 's/^const version = "0.2.0"$/const version = "0.3.0"/' cmd/goqueue/main.go
commit "Release 0.3.0"

# --------------------------------------------------------------------------
# FEATURE: sharded backend
sr_author dana
gowrite storage/sharded.go <<'EOF'
package storage

import (
    "fmt"
    "hash/fnv"
    "sort"
    "strconv"
    "strings"

    "github.com/example/goqueue/queue"
)

// Sharded spreads queues over several stores by hashing the queue name, so
// independent queues do not contend on one lock, file or directory. All
// jobs of one queue live in the same shard, which keeps their order.
type Sharded struct {
    shards []queue.Store
}

// NewSharded returns a store that distributes queues over shards.
func NewSharded(shards ...queue.Store) *Sharded {
    return &Sharded{shards: shards}
}

// openSharded is the registry Opener for "sharded:N:URL". Shard i opens URL
// with "/shard-i" appended, e.g. "sharded:4:dir:/var/lib/goqueue".
func openSharded(location string) (queue.Store, error) {
    count, inner, ok := strings.Cut(location, ":")
    n, err := strconv.Atoi(count)
    if !ok || err != nil || n < 1 {
        return nil, fmt.Errorf("storage: sharded backend wants N:URL, got %q", location)
    }
    shards := make([]queue.Store, 0, n)
    for i := 0; i < n; i++ {
        s, err := Open(fmt.Sprintf("%s/shard-%d", inner, i))
        if err != nil {
            for _, opened := range shards {
                opened.Close()
            }
            return nil, err
        }
        shards = append(shards, s)
    }
    return NewSharded(shards...), nil
}

// shard returns the store responsible for the named queue.
func (s *Sharded) shard(name string) queue.Store {
    h := fnv.New32a()
    h.Write([]byte(name))
    return s.shards[int(h.Sum32()%uint32(len(s.shards)))]
}

// Push stores job in the shard of its queue.
func (s *Sharded) Push(job *queue.Job) error { return s.shard(job.Queue).Push(job) }

// Pop pops from the shard of the named queue.
func (s *Sharded) Pop(name string) (*queue.Job, error) { return s.shard(name).Pop(name) }

// Len asks the shard of the named queue.
func (s *Sharded) Len(name string) (int, error) { return s.shard(name).Len(name) }

// Purge purges the named queue in its shard.
func (s *Sharded) Purge(name string) (int, error) { return s.shard(name).Purge(name) }

// Queues merges the queue names of every shard.
func (s *Sharded) Queues() ([]string, error) {
    var all []string
    for _, shard := range s.shards {
        names, err := shard.Queues()
        if err != nil {
            return nil, err
        }
        all = append(all, names...)
    }
    sort.Strings(all)
    return all, nil
}

// Close closes every shard and returns the first error.
func (s *Sharded) Close() error {
    var first error
    for _, shard := range s.shards {
        if err := shard.Close(); err != nil && first == nil {
            first = err
        }
    }
    return first
}
EOF

gowrite storage/sharded_test.go <<'EOF'
package storage

import "testing"

func TestShardedStore(t *testing.T) {
    s := NewSharded(NewMemory(), NewMemory(), NewMemory())
    testStore(t, s)
    testPurge(t, s)
}

func TestOpenShardedDirs(t *testing.T) {
    s, err := Open("sharded:2:dir:" + t.TempDir())
    if err != nil {
        t.Fatal(err)
    }
    defer s.Close()
    if got := len(s.(*Sharded).shards); got != 2 {
        t.Fatalf("shards = %d, want 2", got)
    }
    testStore(t, s)
}

func TestOpenShardedRejectsBadCount(t *testing.T) {
    if _, err := Open("sharded:zero:memory:"); err == nil {
        t.Fatal("expected an error")
    }
}
EOF

REG_INIT=1
go_registry memory:openMemory file:openFileLog dir:openDir sharded:openSharded

sed -i 's/^| `dir:PATH` | `Dir` in `storage\/dir.go` | yes |$/&\n| `sharded:N:URL` | `Sharded` in `storage\/sharded.go` | like URL |/' docs/storage.md
append docs/storage.md <<'EOF'

## sharded

Spreads queues over `N` stores opened from `URL` with `/shard-<i>`
appended, choosing the shard by a hash of the queue name:

    -store sharded:4:dir:/var/lib/goqueue   # dir stores in .../shard-0 .. shard-3

Every queue lives in exactly one shard, so ordering within a queue is kept.
EOF
commit "Add sharded storage backend that spreads queues over sub-stores" \
"The registry map is now filled in init() because openSharded calls Open."

# --------------------------------------------------------------------------
sr_author chen
gowrite cmd/goqueue/stats.go <<'EOF'
package main

import (
    "flag"
    "fmt"
    "text/tabwriter"
)

// statsReply mirrors the body of GET /v1/stats.
type statsReply struct {
    Queues []struct {
        Name    string `json:"name"`
        Waiting int    `json:"waiting"`
    } `json:"queues"`
    InFlight int `json:"in_flight"`
}

// runStats implements "goqueue stats": a table of queues and their depths.
func runStats(args []string) error {
    fs := flag.NewFlagSet("stats", flag.ContinueOnError)
    if err := fs.Parse(args); err != nil {
        return err
    }
    var reply statsReply
    if err := newAPIClient().call("GET", "/v1/stats", nil, &reply); err != nil {
        return err
    }
    tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
    fmt.Fprintln(tw, "QUEUE\tWAITING")
    for _, q := range reply.Queues {
        fmt.Fprintf(tw, "%s\t%d\n", q.Name, q.Waiting)
    }
    fmt.Fprintf(tw, "(in flight)\t%d\n", reply.InFlight)
    return tw.Flush()
}
EOF
gosed 's/if !strings.Contains(out.String(), "mail 1") {/if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), "mail 1") {/' cmd/goqueue/main_test.go
commit "Print stats as an aligned table"

# --------------------------------------------------------------------------
# FEATURE: inflight endpoint + CLI command
sr_author alice
goappend queue/stats.go <<'EOF'

// Reservation describes a reserved job that has not been answered yet.
type Reservation struct {
    ID       string    `json:"id"`
    Queue    string    `json:"queue"`
    Attempts int       `json:"attempts"`
    Deadline time.Time `json:"deadline"`
}

// Reservations lists the reserved jobs, earliest deadline first.
func (q *Queue) Reservations() []Reservation {
    q.mu.Lock()
    out := make([]Reservation, 0, len(q.inflight))
    for _, r := range q.inflight {
        out = append(out, Reservation{ID: r.job.ID, Queue: r.job.Queue, Attempts: r.job.Attempts, Deadline: r.deadline})
    }
    q.mu.Unlock()
    sort.Slice(out, func(i, j int) bool { return out[i].Deadline.Before(out[j].Deadline) })
    return out
}
EOF
gosed 's/^package queue$/&\n\nimport (\n\t"sort"\n\t"time"\n)/' queue/stats.go

gowrite api/inflight.go <<'EOF'
package api

import (
    "net/http"

    "github.com/example/goqueue/queue"
)

// inflightResponse is the body of GET /v1/inflight.
type inflightResponse struct {
    Reservations []queue.Reservation `json:"reservations"`
}

// handleInflight lists the jobs that are reserved and not yet answered.
func (s *Server) handleInflight(w http.ResponseWriter, r *http.Request) {
    writeJSON(w, http.StatusOK, inflightResponse{Reservations: s.queue.Reservations()})
}
EOF
gosed 's|^\ts.mux.HandleFunc("/v1/purge", method("POST", s.handlePurge))$|&\n\ts.mux.HandleFunc("/v1/inflight", method("GET", s.handleInflight))|' api/server.go

goappend api/server_test.go <<'EOF'

func TestInflight(t *testing.T) {
    s, q := newTestServer()
    job, _ := q.Enqueue("mail", []byte(`{}`))
    if _, err := q.Reserve("mail"); err != nil {
        t.Fatal(err)
    }
    var got inflightResponse
    if err := json.Unmarshal(do(s, "GET", "/v1/inflight", "").Body.Bytes(), &got); err != nil {
        t.Fatal(err)
    }
    if len(got.Reservations) != 1 || got.Reservations[0].ID != job.ID {
        t.Errorf("inflight = %+v", got)
    }
}
EOF

gowrite cmd/goqueue/inflight.go <<'EOF'
package main

import (
    "flag"
    "fmt"
    "text/tabwriter"
    "time"
)

// runInflight implements "goqueue inflight": the reserved jobs and how long
// until each is delivered again.
func runInflight(args []string) error {
    fs := flag.NewFlagSet("inflight", flag.ContinueOnError)
    if err := fs.Parse(args); err != nil {
        return err
    }
    var reply struct {
        Reservations []struct {
            ID       string    `json:"id"`
            Queue    string    `json:"queue"`
            Attempts int       `json:"attempts"`
            Deadline time.Time `json:"deadline"`
        } `json:"reservations"`
    }
    if err := newAPIClient().call("GET", "/v1/inflight", nil, &reply); err != nil {
        return err
    }
    tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
    fmt.Fprintln(tw, "ID\tQUEUE\tATTEMPTS\tEXPIRES IN")
    for _, r := range reply.Reservations {
        left := time.Until(r.Deadline).Round(time.Second)
        fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", r.ID, r.Queue, r.Attempts, left)
    }
    return tw.Flush()
}
EOF

go_main 0.3.0 \
  "enqueue|add a job to a queue|runEnqueue" \
  "inflight|list reserved jobs|runInflight" \
  "purge|delete every waiting job of a queue|runPurge" \
  "serve|run the HTTP API server|runServe" \
  "stats|show queue depths|runStats" \
  "version|print the version|runVersion"

goappend cmd/goqueue/main_test.go <<'EOF'

func TestInflightListsReservedJobs(t *testing.T) {
    q := startServer(t)
    job, _ := q.Enqueue("mail", []byte(`{}`))
    if _, err := q.Reserve("mail"); err != nil {
        t.Fatal(err)
    }
    out := captureStdout(t)
    if err := runInflight(nil); err != nil {
        t.Fatal(err)
    }
    if !strings.Contains(out.String(), job.ID) {
        t.Errorf("output lacks %s:\n%s", job.ID, out.String())
    }
}
EOF

sed -i 's/^| POST | `\/v1\/purge` | .*$/&\n| GET | `\/v1\/inflight` | | `{"reservations": [{"id", "queue", "attempts", "deadline"}]}` |/' docs/api.md
commit "Add inflight endpoint and CLI command listing reserved jobs"

# --------------------------------------------------------------------------
# FEATURE: worker pool
sr_author bob
gowrite worker/pool.go <<'EOF'
// Package worker runs handler functions for jobs reserved from a queue in
// the same process.
package worker

import (
    "context"
    "errors"
    "sort"
    "sync"
    "time"

    "github.com/example/goqueue/queue"
)

// Source is the part of *queue.Queue that the pool needs; tests use fakes.
type Source interface {
    Reserve(queue string) (*queue.Job, error)
    Ack(id string) error
    Nack(id string) error
}

// HandlerFunc processes one job. Returning an error rejects the job, which
// the queue then retries or dead-letters.
type HandlerFunc func(ctx context.Context, job *queue.Job) error

// Pool polls the queues that have handlers and dispatches their jobs.
type Pool struct {
    src      Source
    workers  int
    idle     time.Duration
    mu       sync.Mutex
    handlers map[string]HandlerFunc
}

// NewPool returns a pool with the given number of concurrent workers.
func NewPool(src Source, workers int) *Pool {
    if workers < 1 {
        workers = 1
    }
    return &Pool{src: src, workers: workers, idle: 200 * time.Millisecond, handlers: make(map[string]HandlerFunc)}
}

// Handle registers h for jobs of the named queue, replacing any previous one.
func (p *Pool) Handle(queueName string, h HandlerFunc) {
    p.mu.Lock()
    defer p.mu.Unlock()
    p.handlers[queueName] = h
}

// queues returns the names of queues with handlers, sorted.
func (p *Pool) queues() []string {
    p.mu.Lock()
    defer p.mu.Unlock()
    names := make([]string, 0, len(p.handlers))
    for name := range p.handlers {
        names = append(names, name)
    }
    sort.Strings(names)
    return names
}

// RunOnce processes at most one job from each handled queue and reports
// whether it found any work.
func (p *Pool) RunOnce(ctx context.Context) (bool, error) {
    worked := false
    for _, name := range p.queues() {
        job, err := p.src.Reserve(name)
        if errors.Is(err, queue.ErrEmpty) {
            continue
        }
        if err != nil {
            return worked, err
        }
        worked = true
        p.mu.Lock()
        h := p.handlers[name]
        p.mu.Unlock()
        if herr := h(ctx, job); herr != nil {
            err = p.src.Nack(job.ID)
        } else {
            err = p.src.Ack(job.ID)
        }
        if err != nil {
            return worked, err
        }
    }
    return worked, nil
}

// Run starts the workers and blocks until ctx is cancelled or a worker
// fails. Idle workers sleep briefly between polls.
func (p *Pool) Run(ctx context.Context) error {
    errs := make(chan error, p.workers)
    var wg sync.WaitGroup
    for i := 0; i < p.workers; i++ {
        wg.Add(1)
        go func() {
            defer wg.Done()
            for ctx.Err() == nil {
                worked, err := p.RunOnce(ctx)
                if err != nil {
                    errs <- err
                    return
                }
                if !worked {
                    select {
                    case <-ctx.Done():
                    case <-time.After(p.idle):
                    }
                }
            }
        }()
    }
    wg.Wait()
    close(errs)
    if err := <-errs; err != nil {
        return err
    }
    return ctx.Err()
}
EOF

gowrite worker/pool_test.go <<'EOF'
package worker

import (
    "context"
    "errors"
    "testing"
    "time"

    "github.com/example/goqueue/internal/backoff"
    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
)

// newQueue returns a queue without backoff so rejected jobs return at once.
func newQueue() *queue.Queue {
    opts := queue.DefaultOptions()
    opts.Backoff = backoff.Policy{}
    return queue.New(storage.NewMemory(), clock.Real{}, opts)
}

func TestRunOnceAcksSuccessfulJobs(t *testing.T) {
    q := newQueue()
    if _, err := q.Enqueue("mail", []byte(`{"to":"bob"}`)); err != nil {
        t.Fatal(err)
    }
    var got string
    p := NewPool(q, 1)
    p.Handle("mail", func(ctx context.Context, job *queue.Job) error {
        got = string(job.Payload)
        return nil
    })
    if worked, err := p.RunOnce(context.Background()); !worked || err != nil {
        t.Fatalf("RunOnce = %v, %v", worked, err)
    }
    if got != `{"to":"bob"}` || q.InFlight() != 0 {
        t.Errorf("payload %q, in flight %d", got, q.InFlight())
    }
}

func TestFailedJobsAreRejected(t *testing.T) {
    q := newQueue()
    if _, err := q.Enqueue("mail", []byte(`1`)); err != nil {
        t.Fatal(err)
    }
    p := NewPool(q, 1)
    p.Handle("mail", func(context.Context, *queue.Job) error { return errors.New("smtp down") })
    if _, err := p.RunOnce(context.Background()); err != nil {
        t.Fatal(err)
    }
    if job, err := q.Reserve("mail"); err != nil || job.Attempts != 2 {
        t.Fatalf("job was not retried: %+v, %v", job, err)
    }
}

func TestRunStopsWhenCancelled(t *testing.T) {
    ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
    defer cancel()
    p := NewPool(newQueue(), 2)
    p.Handle("mail", func(context.Context, *queue.Job) error { return nil })
    if err := p.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
        t.Fatalf("Run = %v, want deadline exceeded", err)
    }
}
EOF

gowrite examples/echo/main.go <<'EOF'
// Command echo shows how to embed goqueue: it enqueues a few jobs and runs
// an in-process worker pool that prints their payloads.
package main

import (
    "context"
    "fmt"
    "log"
    "time"

    "github.com/example/goqueue/internal/clock"
    "github.com/example/goqueue/queue"
    "github.com/example/goqueue/storage"
    "github.com/example/goqueue/worker"
)

func main() {
    q := queue.New(storage.NewMemory(), clock.Real{}, queue.DefaultOptions())
    for i := 1; i <= 3; i++ {
        if _, err := q.Enqueue("echo", []byte(fmt.Sprintf(`{"n":%d}`, i))); err != nil {
            log.Fatal(err)
        }
    }
    pool := worker.NewPool(q, 2)
    pool.Handle("echo", func(ctx context.Context, job *queue.Job) error {
        fmt.Printf("%s: %s\n", job.ID, job.Payload)
        return nil
    })
    ctx, cancel := context.WithTimeout(context.Background(), time.Second)
    defer cancel()
    if err := pool.Run(ctx); err != nil && err != context.DeadlineExceeded {
        log.Fatal(err)
    }
}
EOF

write docs/workers.md <<'EOF'
# Workers

Programs that embed goqueue can process jobs in-process with
`worker.Pool`:

```go
pool := worker.NewPool(q, 4)
pool.Handle("mail", func(ctx context.Context, job *queue.Job) error {
    return sendMail(ctx, job.Payload)
})
err := pool.Run(ctx)
```

A handler's error rejects the job (`Nack`), so the queue retries it with
backoff and eventually dead-letters it. `examples/echo` is a complete
program.
EOF
commit "Add worker pool that dispatches jobs to registered handlers" \
"worker.Pool polls the queues that have handlers, acks jobs whose handler
succeeds and nacks the others. Includes examples/echo."

# --------------------------------------------------------------------------
sr_author dana
sed -i 's/^Spreads queues over `N` stores opened from `URL` with `\/shard-<i>`$/Spreads queues over `N` stores, opened from `URL` with `\/shard-<i>`/' docs/storage.md
sed -i 's/^Stores every waiting job as a JSON file under `PATH\/<queue>\/`, named with a$/Stores each waiting job as a JSON file under `PATH\/<queue>\/`, named with a/' docs/storage.md
commit "Fix wording in storage docs"

# --------------------------------------------------------------------------
# FEATURE: ring backend
gowrite storage/ring.go <<'EOF'
package storage

import (
    "errors"
    "fmt"
    "sort"
    "strconv"
    "sync"

    "github.com/example/goqueue/queue"
)

// ErrFull is returned by Ring.Push when a queue has reached its capacity.
var ErrFull = errors.New("storage: queue is full")

// Ring is an in-memory store with a fixed capacity per queue. A full queue
// rejects new jobs with ErrFull instead of growing without bound, which
// gives producers back-pressure.
type Ring struct {
    mu       sync.Mutex
    capacity int
    queues   map[string]*ring
}

// ring is a circular buffer of jobs.
type ring struct {
    jobs  []*queue.Job
    head  int
    count int
}

// NewRing returns a ring store holding at most capacity jobs per queue.
func NewRing(capacity int) *Ring {
    return &Ring{capacity: capacity, queues: make(map[string]*ring)}
}

// openRing is the registry Opener for "ring:CAPACITY".
func openRing(location string) (queue.Store, error) {
    n, err := strconv.Atoi(location)
    if err != nil || n < 1 {
        return nil, fmt.Errorf("storage: ring backend wants a positive capacity, got %q", location)
    }
    return NewRing(n), nil
}

// Push appends a copy of job, or fails with ErrFull.
func (r *Ring) Push(job *queue.Job) error {
    r.mu.Lock()
    defer r.mu.Unlock()
    q, ok := r.queues[job.Queue]
    if !ok {
        q = &ring{jobs: make([]*queue.Job, r.capacity)}
        r.queues[job.Queue] = q
    }
    if q.count == len(q.jobs) {
        return ErrFull
    }
    q.jobs[(q.head+q.count)%len(q.jobs)] = job.Clone()
    q.count++
    return nil
}

// Pop removes and returns the oldest job of the named queue.
func (r *Ring) Pop(name string) (*queue.Job, error) {
    r.mu.Lock()
    defer r.mu.Unlock()
    q, ok := r.queues[name]
    if !ok || q.count == 0 {
        return nil, queue.ErrEmpty
    }
    job := q.jobs[q.head]
    q.jobs[q.head] = nil
    q.head = (q.head + 1) % len(q.jobs)
    q.count--
    return job, nil
}

// Len reports the number of waiting jobs in the named queue.
func (r *Ring) Len(name string) (int, error) {
    r.mu.Lock()
    defer r.mu.Unlock()
    if q, ok := r.queues[name]; ok {
        return q.count, nil
    }
    return 0, nil
}

// Queues returns the sorted names of non-empty queues.
func (r *Ring) Queues() ([]string, error) {
    r.mu.Lock()
    defer r.mu.Unlock()
    var names []string
    for name, q := range r.queues {
        if q.count > 0 {
            names = append(names, name)
        }
    }
    sort.Strings(names)
    return names, nil
}

// Purge drops every waiting job of the named queue.
func (r *Ring) Purge(name string) (int, error) {
    r.mu.Lock()
    defer r.mu.Unlock()
    q, ok := r.queues[name]
    if !ok {
        return 0, nil
    }
    delete(r.queues, name)
    return q.count, nil
}

// Close is a no-op for the ring store.
func (r *Ring) Close() error { return nil }
EOF

gowrite storage/ring_test.go <<'EOF'
package storage

import (
    "errors"
    "testing"
)

func TestRingStore(t *testing.T) {
    testStore(t, NewRing(8))
    testPurge(t, NewRing(8))
}

func TestRingRejectsWhenFull(t *testing.T) {
    r := NewRing(2)
    for _, id := range []string{"a", "b"} {
        if err := r.Push(newJob(id, "mail")); err != nil {
            t.Fatal(err)
        }
    }
    if err := r.Push(newJob("c", "mail")); !errors.Is(err, ErrFull) {
        t.Fatalf("Push on full ring: err = %v, want ErrFull", err)
    }
    if _, err := r.Pop("mail"); err != nil {
        t.Fatal(err)
    }
    if err := r.Push(newJob("c", "mail")); err != nil {
        t.Fatalf("Push after Pop: %v", err)
    }
}

func TestOpenRingNeedsCapacity(t *testing.T) {
    if _, err := Open("ring:"); err == nil {
        t.Fatal("expected an error without a capacity")
    }
}
EOF

go_registry memory:openMemory file:openFileLog dir:openDir ring:openRing sharded:openSharded

sed -i 's/^| `dir:PATH` | `Dir` in `storage\/dir.go` | yes |$/&\n| `ring:N` | `Ring` in `storage\/ring.go` | no |/' docs/storage.md
append docs/storage.md <<'EOF'

## ring

An in-memory store that holds at most `N` jobs per queue in a circular
buffer. When a queue is full, enqueueing fails (HTTP 500 with
"queue is full") until consumers catch up. Priorities are ignored.
EOF
commit "Add ring storage backend with a fixed capacity per queue"

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^# Changelog$/&\n\n## 0.4.0\n\n- `sharded:` and `ring:` storage backends.\n- `GET \/v1\/inflight` and `goqueue inflight`.\n- In-process worker pool (`worker` package)./' CHANGELOG.md
gosed 's/^const version = "0.3.0"$/const version = "0.4.0"/' cmd/goqueue/main.go
commit "Release 0.4.0"

# --------------------------------------------------------------------------
# FEATURE: requeue dead letters endpoint + CLI command
sr_author chen
goappend queue/admin.go <<'EOF'

// RequeueDead moves every job from the dead-letter queue of name back to
// name with its attempt counter reset, and reports how many were moved.
func (q *Queue) RequeueDead(name string) (int, error) {
    if name == "" {
        return 0, errors.New("queue: empty queue name")
    }
    dead := q.opts.DeadLetterQueue(name)
    moved := 0
    for {
        job, err := q.store.Pop(dead)
        if errors.Is(err, ErrEmpty) {
            return moved, nil
        }
        if err != nil {
            return moved, err
        }
        job.Queue = name
        job.Attempts = 0
        if err := q.store.Push(job); err != nil {
            return moved, err
        }
        moved++
    }
}
EOF

gowrite api/requeue.go <<'EOF'
package api

import "net/http"

// requeueResponse is the body of a successful POST /v1/requeue.
type requeueResponse struct {
    Requeued int `json:"requeued"`
}

// handleRequeue moves a queue's dead letters back onto the queue.
func (s *Server) handleRequeue(w http.ResponseWriter, r *http.Request) {
    var req queueRequest
    if err := decode(r, &req); err != nil {
        writeError(w, err)
        return
    }
    n, err := s.queue.RequeueDead(req.Queue)
    if err != nil {
        writeError(w, err)
        return
    }
    writeJSON(w, http.StatusOK, requeueResponse{Requeued: n})
}
EOF
gosed 's|^\ts.mux.HandleFunc("/v1/inflight", method("GET", s.handleInflight))$|&\n\ts.mux.HandleFunc("/v1/requeue", method("POST", s.handleRequeue))|' api/server.go

goappend api/server_test.go <<'EOF'

func TestRequeueDeadLetters(t *testing.T) {
    s, q := newTestServer()
    if _, err := q.Enqueue("mail.dead", []byte(`{}`)); err != nil {
        t.Fatal(err)
    }
    rec := do(s, "POST", "/v1/requeue", `{"queue":"mail"}`)
    if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"requeued":1`) {
        t.Fatalf("requeue = %d %s", rec.Code, rec.Body)
    }
    if job, err := q.Reserve("mail"); err != nil || job.Attempts != 1 {
        t.Fatalf("Reserve after requeue = %+v, %v", job, err)
    }
}
EOF

gowrite cmd/goqueue/requeue.go <<'EOF'
package main

import (
    "errors"
    "flag"
    "fmt"
)

// runRequeue implements "goqueue requeue -queue NAME": dead letters of the
// queue go back onto it with fresh attempt counters.
func runRequeue(args []string) error {
    fs := flag.NewFlagSet("requeue", flag.ContinueOnError)
    name := fs.String("queue", "", "queue whose dead letters should be retried")
    if err := fs.Parse(args); err != nil {
        return err
    }
    if *name == "" {
        return errors.New("usage: goqueue requeue -queue NAME")
    }
    var reply struct {
        Requeued int `json:"requeued"`
    }
    if err := newAPIClient().call("POST", "/v1/requeue", map[string]string{"queue": *name}, &reply); err != nil {
        return err
    }
    _, err := fmt.Fprintf(stdout, "requeued %d dead letters onto %s\n", reply.Requeued, *name)
    return err
}
EOF

go_main 0.4.0 \
  "enqueue|add a job to a queue|runEnqueue" \
  "inflight|list reserved jobs|runInflight" \
  "purge|delete every waiting job of a queue|runPurge" \
  "requeue|retry the dead letters of a queue|runRequeue" \
  "serve|run the HTTP API server|runServe" \
  "stats|show queue depths|runStats" \
  "version|print the version|runVersion"

goappend cmd/goqueue/main_test.go <<'EOF'

func TestRequeueMovesDeadLetters(t *testing.T) {
    q := startServer(t)
    if _, err := q.Enqueue("mail.dead", []byte(`{}`)); err != nil {
        t.Fatal(err)
    }
    out := captureStdout(t)
    if err := runRequeue([]string{"-queue", "mail"}); err != nil {
        t.Fatal(err)
    }
    if !strings.Contains(out.String(), "requeued 1 dead letters onto mail") {
        t.Errorf("output = %q", out.String())
    }
}
EOF

sed -i 's/^| GET | `\/v1\/inflight` | .*$/&\n| POST | `\/v1\/requeue` | `{"queue"}` | `{"requeued": n}`; dead letters go back to the queue |/' docs/api.md
commit "Add requeue endpoint and CLI command to retry dead letters"

# --------------------------------------------------------------------------
sr_author bob
write docs/cli.md <<'EOF'
# Command-line tool

    goqueue COMMAND [flags]

Client commands talk to the server at `$GOQUEUE_ADDR`
(default `http://127.0.0.1:7070`); `goqueue` without arguments lists them.

| Command | What it does |
|---------|--------------|
| `serve [-addr A] [-store URL] [-visibility D] [-max-attempts N]` | run the HTTP API server |
| `enqueue [-queue Q] [-priority N] JSON` | add a job and print its ID |
| `stats` | table of waiting jobs per queue and the number in flight |
| `inflight` | reserved jobs and when they expire |
| `purge -queue Q -yes` | delete every waiting job of a queue |
| `requeue -queue Q` | move the dead letters of Q back onto Q |
| `version` | print the version |

Exit status: 0 on success, 1 when the command failed, 2 for usage errors.
EOF
commit "Document every CLI command and flag in docs/cli.md"

# --------------------------------------------------------------------------
# FEATURE: rate limiting in the worker pool
sr_author dana
gowrite internal/ratelimit/limiter.go <<'EOF'
// Package ratelimit implements a token bucket rate limiter driven by an
// injectable clock.
package ratelimit

import (
    "sync"
    "time"

    "github.com/example/goqueue/internal/clock"
)

// Limiter allows up to Rate events per second with bursts of up to Burst.
type Limiter struct {
    mu     sync.Mutex
    clock  clock.Clock
    rate   float64
    burst  float64
    tokens float64
    last   time.Time
}

// New returns a full bucket allowing rate events per second and bursts of
// burst events.
func New(clk clock.Clock, rate float64, burst int) *Limiter {
    return &Limiter{clock: clk, rate: rate, burst: float64(burst), tokens: float64(burst), last: clk.Now()}
}

// Allow reports whether an event may happen now and, if so, consumes a token.
func (l *Limiter) Allow() bool {
    l.mu.Lock()
    defer l.mu.Unlock()
    now := l.clock.Now()
    l.tokens += now.Sub(l.last).Seconds() * l.rate
    if l.tokens > l.burst {
        l.tokens = l.burst
    }
    l.last = now
    if l.tokens < 1 {
        return false
    }
    l.tokens--
    return true
}
EOF

gowrite internal/ratelimit/limiter_test.go <<'EOF'
package ratelimit

import (
    "testing"
    "time"

    "github.com/example/goqueue/internal/clock"
)

func TestBurstThenRefill(t *testing.T) {
    clk := clock.NewFake(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC))
    l := New(clk, 2, 3)
    for i := 0; i < 3; i++ {
        if !l.Allow() {
            t.Fatalf("event %d of the burst was refused", i+1)
        }
    }
    if l.Allow() {
        t.Fatal("bucket should be empty")
    }
    clk.Advance(500 * time.Millisecond)
    if !l.Allow() {
        t.Fatal("one token should have been refilled after 0.5 s at 2/s")
    }
}
EOF

gosed 's|^\t"github.com/example/goqueue/queue"$|\t"github.com/example/goqueue/internal/clock"\n\t"github.com/example/goqueue/internal/ratelimit"\n&|' worker/pool.go
gosed 's/^\thandlers map\[string\]HandlerFunc$/&\n\tlimits   map[string]*ratelimit.Limiter/' worker/pool.go
gosed 's/handlers: make(map\[string\]HandlerFunc)}/handlers: make(map[string]HandlerFunc), limits: make(map[string]*ratelimit.Limiter)}/' worker/pool.go
gosed 's/^\tfor _, name := range p.queues() {$/&\n\t\tif !p.allow(name) {\n\t\t\tcontinue\n\t\t}/' worker/pool.go
goappend worker/pool.go <<'EOF'

// Limit caps how many jobs of the named queue the pool starts per second,
// with bursts of up to burst jobs. Use it to protect slow downstream
// services.
func (p *Pool) Limit(queueName string, perSecond float64, burst int) {
    p.mu.Lock()
    defer p.mu.Unlock()
    p.limits[queueName] = ratelimit.New(clock.Real{}, perSecond, burst)
}

// allow reports whether the rate limit of the named queue, if any, permits
// starting another job now.
func (p *Pool) allow(queueName string) bool {
    p.mu.Lock()
    l := p.limits[queueName]
    p.mu.Unlock()
    return l == nil || l.Allow()
}
EOF

goappend worker/pool_test.go <<'EOF'

func TestLimitSkipsQueueOverItsRate(t *testing.T) {
    q := newQueue()
    for i := 0; i < 3; i++ {
        if _, err := q.Enqueue("mail", []byte(`1`)); err != nil {
            t.Fatal(err)
        }
    }
    handled := 0
    p := NewPool(q, 1)
    p.Handle("mail", func(context.Context, *queue.Job) error { handled++; return nil })
    p.Limit("mail", 0.001, 2)
    for i := 0; i < 3; i++ {
        if _, err := p.RunOnce(context.Background()); err != nil {
            t.Fatal(err)
        }
    }
    if handled != 2 {
        t.Errorf("handled %d jobs, want 2 (the burst)", handled)
    }
}
EOF

append docs/workers.md <<'EOF'

## Rate limits

`pool.Limit("mail", 5, 10)` starts at most five `mail` jobs per second,
with bursts of ten. Jobs over the limit stay in the queue; they are not
reserved and so do not use up attempts.
EOF
commit "Add per-queue rate limiting to the worker pool" \
"Token buckets from the new internal/ratelimit package gate how often the
pool reserves jobs from each queue."
