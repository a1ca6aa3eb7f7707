//! `cplint lsp`: a language server on standard input and output, in the cplint
//! binary. It publishes each open JavaScript/TypeScript document's findings as
//! diagnostics while it is edited (the buffer's text, saved or not) and offers
//! their fixes and disable directives as code actions.
//!
//! Built on `lsp-server` (rust-analyzer's message types; its stdio transport is
//! replaced by [`transport`], which survives malformed input) and `lsp-types`,
//! rather than `tower-lsp-server`: the work is CPU-bound linting that cplint
//! already runs on its own threads under a time limit, so an async runtime
//! (tokio, tower, futures) would add dependencies and binary size and buy nothing.
//!
//! One thread reads messages ([`transport::spawn_reader`]), one writes them; the
//! main loop ([`Server::serve`]) keeps the documents and answers requests, and
//! never lints. A change marks its document dirty; a dirty document is linted on a
//! thread of its own ([`lint::Linter::check`]: `Session::check_source` on kept
//! executors), under the CLI's time limit
//! (60 s, `initializationOptions.fileTimeout` to change it), at most one lint per
//! document at a time and [`parallel`] at a time over all documents (a lint running
//! longer than [`SLOW`] no longer counts, so a slow file holds up no other). Edits
//! that arrive while a lint runs coalesce: the next lint takes the latest text, and
//! a result for an older text is dropped, never published. A document whose lint
//! ran into the time limit is linted again when saved rather than on each change
//! (the parse given up on cannot be stopped and goes on on its thread).
//!
//! Configuration: the `cplint.toml` nearest above each document (above the
//! workspace root for a document that is not a file), read again when its
//! modification time or size changes; checked before each lint, on
//! `workspace/didChangeWatchedFiles` (registered when the client can), and every
//! [`CONFIG_POLL`] for the open documents, so an edit to it (or a new one) relints
//! them. A document its `exclude` globs name gets no diagnostics. Positions are in
//! UTF-16 code units, the protocol's default.

mod actions;
mod diagnostics;
mod lint;
mod text;
mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, Diagnostic,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    InitializeParams, InitializeResult, MessageType, PositionEncodingKind, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, notification, request,
};
use serde_json::Value;

use crate::config::{Config, find_config};
use crate::report::{ErrorKind, FileReport};
use crate::session::{ConfigSource, Session};
use lint::Linter;
use text::LineMap;
use transport::{Incoming, Out, Outgoing};

/// A lint running longer than this no longer holds a place among the [`parallel`]
/// ones (it goes on until it ends or its time limit).
pub const SLOW: Duration = Duration::from_millis(500);
/// How often the open documents' `cplint.toml` are looked at.
pub const CONFIG_POLL: Duration = Duration::from_secs(2);
/// The CLI's `--file-timeout` default.
const FILE_TIMEOUT: Duration = Duration::from_secs(60);

/// How many lints run at once (that are not [`SLOW`]).
fn parallel() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// Runs the server until the client sends `exit` or closes standard input: 0 after
/// a `shutdown` request, 1 otherwise (as the protocol says).
pub fn run() -> ExitCode {
    // The same documents are linted again and again: keep the parser's memory.
    crate::memory::keep_freed_memory();
    // A person waits for one file's lint: use a second core for its parse.
    crate::parse::parse_in_halves_from_now();
    let (events, inbox) = mpsc::channel::<Event>();
    let (out, queue) = mpsc::channel::<Outgoing>();
    let writer = match transport::spawn_writer(std::io::stdout(), queue) {
        Ok(w) => w,
        Err(e) => return fail(&e),
    };
    let to_main = events.clone();
    if let Err(e) = transport::spawn_reader(std::io::stdin(), move |m| to_main.send(Event::Incoming(m)).is_ok()) {
        return fail(&e);
    }
    let mut server = Server::new(Out(out), events);
    let code = server.serve(&inbox);
    drop(server);
    // Everything queued is written before the process ends.
    let _ = writer.join();
    ExitCode::from(code)
}

fn fail(e: &std::io::Error) -> ExitCode {
    eprintln!("cplint lsp: cannot start: {e}");
    ExitCode::from(2)
}

enum Event {
    Incoming(Incoming),
    /// `gave_up`: the lint ran into the time limit.
    Linted {
        uri: String,
        generation: u64,
        linted: Box<Linted>,
        gave_up: bool,
    },
}

/// What identifies the configuration a document was linted with: the
/// `cplint.toml` that applies (if any) and its modification time and size.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConfigKey {
    path: Option<PathBuf>,
    stamp: Option<Stamp>,
}

/// A file's modification time and size.
type Stamp = (SystemTime, u64);

impl ConfigKey {
    fn of(dir: &Path) -> ConfigKey {
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(std::path::PathBuf::from);
        let path = find_config(dir, home.as_deref());
        let stamp = path
            .as_deref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        ConfigKey { path, stamp }
    }
}

/// A lint's result: the text linted, its report and the report's diagnostics.
struct Linted {
    text: Arc<str>,
    report: FileReport,
    diagnostics: Vec<Diagnostic>,
    /// `diagnostics` in JSON, serialised on the lint's thread.
    diagnostics_json: String,
    /// The findings carry their fixes. A lint for diagnostics leaves them out; the
    /// first code action request on a finding works them out (see `code_action`).
    fixes: bool,
}

impl Linted {
    /// Converts `report` (of `text`) to diagnostics: done on the lint's thread, as
    /// it takes time in proportion to the findings and the length of their lines.
    fn new(text: Arc<str>, mut report: FileReport, uri: &Uri, gave_up: bool) -> Linted {
        if gave_up {
            for e in &mut report.errors {
                e.message.push_str("; cplint lints it again when it is saved");
            }
        }
        let diagnostics = diagnostics::diagnostics(&report, &LineMap::new(&text), &text, uri);
        let diagnostics_json = serde_json::to_string(&diagnostics).unwrap_or_else(|_| "[]".into());
        Linted { text, report, diagnostics, diagnostics_json, fixes: false }
    }

    /// Takes the fixes of `with_fixes`, a lint of the same text with fixes: its
    /// findings are these, in the same order, unless the configuration changed in
    /// between (then nothing is taken, and the next edit's lint starts afresh).
    fn take_fixes(&mut self, with_fixes: FileReport) {
        let same = |a: &crate::report::Finding, b: &crate::report::Finding| {
            (a.rule.code, a.start, a.end, &a.message) == (b.rule.code, b.start, b.end, &b.message)
        };
        let mine = &mut self.report.findings;
        if mine.len() != with_fixes.findings.len() || !mine.iter().zip(&with_fixes.findings).all(|(a, b)| same(a, b)) {
            return;
        }
        for (a, b) in mine.iter_mut().zip(with_fixes.findings) {
            a.fix = b.fix;
        }
        self.fixes = true;
    }
}

struct Doc {
    uri: Uri,
    version: i32,
    text: Arc<str>,
    /// The name it is linted under (its extension picks the syntax).
    name: String,
    path: Option<PathBuf>,
    /// Bumped by every change (versions need not grow across a close and reopen).
    generation: u64,
    dirty: bool,
    /// The generation being linted.
    linting: Option<u64>,
    /// The configuration of the last lint started.
    config: Option<ConfigKey>,
    /// Its last lint ran into the time limit: linted again when saved, not on
    /// every change (each lint given up on leaves a thread parsing until it ends).
    gave_up: bool,
    last: Option<Linted>,
}

struct Running {
    uri: String,
    generation: u64,
    started: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

struct Server {
    out: Out,
    events: Sender<Event>,
    phase: Phase,
    docs: HashMap<String, Doc>,
    /// A linter per `cplint.toml` (`None`: no file, the defaults).
    linters: HashMap<Option<PathBuf>, (Option<Stamp>, Arc<Linter>)>,
    root: Option<PathBuf>,
    timeout: Option<Duration>,
    generation: u64,
    running: Vec<Running>,
    polled: Instant,
    /// Register the `cplint.toml` watcher once `initialize` is answered.
    register_watch: bool,
}

/// A request's failure: the JSON-RPC error code and message.
type Failure = (i32, String);

impl Server {
    fn new(out: Out, events: Sender<Event>) -> Server {
        Server {
            out,
            events,
            phase: Phase::Uninitialized,
            docs: HashMap::new(),
            linters: HashMap::new(),
            root: None,
            timeout: Some(FILE_TIMEOUT),
            generation: 0,
            running: Vec::new(),
            polled: Instant::now(),
            register_watch: false,
        }
    }

    fn serve(&mut self, inbox: &mpsc::Receiver<Event>) -> u8 {
        loop {
            let wait = if self.running.is_empty() { CONFIG_POLL } else { SLOW / 2 };
            match inbox.recv_timeout(wait) {
                Ok(Event::Incoming(Incoming::Message(m))) => {
                    if let Some(code) = self.message(m) {
                        return code;
                    }
                }
                Ok(Event::Incoming(Incoming::Malformed { id, code, message })) => {
                    eprintln!("cplint lsp: {message}");
                    self.out.error(id, code, message);
                }
                Ok(Event::Incoming(Incoming::Closed)) | Err(RecvTimeoutError::Disconnected) => {
                    return u8::from(self.phase != Phase::ShutDown);
                }
                Ok(Event::Linted { uri, generation, linted, gave_up }) => {
                    self.linted(&uri, generation, *linted, gave_up)
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.phase == Phase::Running && self.polled.elapsed() >= CONFIG_POLL {
                self.poll_configs();
            }
            self.schedule();
        }
    }

    /// Handles one message; `Some(exit code)` on `exit`. A handler that panics (a
    /// bug) answers its request with an internal error; the server goes on.
    fn message(&mut self, m: Message) -> Option<u8> {
        match m {
            Message::Request(req) => {
                let id = req.id.clone();
                let method = req.method.clone();
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.request(req)))
                    .unwrap_or_else(|_| Err((ErrorCode::InternalError as i32, format!("cplint failed on `{method}`"))));
                let response = match result {
                    Ok(v) => Response::new_ok(id, v),
                    Err((code, message)) => Response::new_err(id, code, message),
                };
                self.out.send(response);
                if std::mem::take(&mut self.register_watch) {
                    self.watch_configs();
                }
                None
            }
            Message::Notification(n) if n.method == notification::Exit::METHOD => {
                Some(u8::from(self.phase != Phase::ShutDown))
            }
            Message::Notification(n) => {
                if self.phase == Phase::Running {
                    let method = n.method.clone();
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notification(n))).is_err() {
                        eprintln!("cplint lsp: failed on `{method}`");
                    }
                }
                None
            }
            // Answers to our requests (the watcher registration): nothing to do.
            Message::Response(_) => None,
        }
    }

    fn request(&mut self, req: Request) -> Result<Value, Failure> {
        match (self.phase, req.method.as_str()) {
            (Phase::Uninitialized, request::Initialize::METHOD) => self.initialize(params(req.params)?),
            (Phase::Uninitialized, _) => {
                Err((ErrorCode::ServerNotInitialized as i32, "the server is not initialized".into()))
            }
            (_, request::Initialize::METHOD) => Err((ErrorCode::InvalidRequest as i32, "initialized already".into())),
            (Phase::ShutDown, _) => Err((ErrorCode::InvalidRequest as i32, "the server is shut down".into())),
            (_, request::Shutdown::METHOD) => {
                self.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            (_, request::CodeActionRequest::METHOD) => self.code_action(params(req.params)?),
            (_, method) => Err((ErrorCode::MethodNotFound as i32, format!("unknown method `{method}`"))),
        }
    }

    fn initialize(&mut self, p: InitializeParams) -> Result<Value, Failure> {
        #[allow(deprecated)] // root_uri: still what most clients send
        let root = p.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri).or(p.root_uri.as_ref());
        self.root = root.and_then(text::file_path);
        if let Some(secs) = p.initialization_options.as_ref().and_then(|o| o.get("fileTimeout")).and_then(Value::as_u64)
        {
            self.timeout = (secs > 0).then(|| Duration::from_secs(secs));
        }
        let watch = p
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.phase = Phase::Running;
        self.register_watch = watch;
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::UTF16),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
                    ..Default::default()
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo { name: "cplint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        };
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
    }

    /// Asks the client to tell us about `cplint.toml` changes (after the
    /// `initialize` answer).
    fn watch_configs(&self) {
        let registration = lsp_types::Registration {
            id: "cplint-toml".into(),
            method: notification::DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(serde_json::json!({ "watchers": [{ "globPattern": "**/cplint.toml" }] })),
        };
        let params = lsp_types::RegistrationParams { registrations: vec![registration] };
        let id = RequestId::from("cplint-watch".to_string());
        self.out.send(Request::new(id, request::RegisterCapability::METHOD.into(), params));
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(p) = params::<DidOpenTextDocumentParams>(n.params) {
                    self.open(p);
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(p) = params::<DidChangeTextDocumentParams>(n.params) {
                    self.change(p);
                }
            }
            notification::DidSaveTextDocument::METHOD => {
                if let Ok(p) = params::<DidSaveTextDocumentParams>(n.params)
                    && let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str())
                {
                    if let Some(t) = p.text {
                        doc.text = t.into();
                        self.generation += 1;
                        doc.generation = self.generation;
                        doc.last = None;
                    }
                    doc.dirty = true;
                    doc.gave_up = false;
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) = params::<DidCloseTextDocumentParams>(n.params)
                    && self.docs.remove(p.text_document.uri.as_str()).is_some()
                {
                    self.publish(p.text_document.uri, Vec::new(), None);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => self.poll_configs(),
            _ => {}
        }
    }

    fn open(&mut self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        let path = text::file_path(&d.uri);
        let Some(name) = text::lint_name(path.as_deref(), &d.language_id) else {
            return; // not JavaScript or TypeScript
        };
        self.generation += 1;
        let doc = Doc {
            uri: d.uri.clone(),
            version: d.version,
            text: d.text.into(),
            name,
            path,
            generation: self.generation,
            dirty: true,
            linting: None,
            config: None,
            gave_up: false,
            last: None,
        };
        self.docs.insert(d.uri.as_str().to_string(), doc);
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
            return;
        };
        let mut text = doc.text.to_string();
        for c in p.content_changes {
            match c.range {
                None => text = c.text,
                Some(range) => text::apply_change(&mut text, range, &c.text),
            }
        }
        doc.text = text.into();
        doc.version = p.text_document.version;
        self.generation += 1;
        doc.generation = self.generation;
        doc.dirty = !doc.gave_up;
        doc.last = None;
    }

    fn config_key(&self, doc: &Doc) -> ConfigKey {
        let dir = doc.path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
        let dir = dir.or_else(|| self.root.clone()).or_else(|| std::env::current_dir().ok()).unwrap_or_default();
        ConfigKey::of(&dir)
    }

    /// Marks the documents whose configuration changed since their last lint.
    fn poll_configs(&mut self) {
        self.polled = Instant::now();
        let changed: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.config.as_ref().is_some_and(|used| *used != self.config_key(d)))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in changed {
            if let Some(d) = self.docs.get_mut(&uri) {
                d.dirty = true;
            }
        }
    }

    /// The linter for a configuration, read again when its file changed. A file
    /// that does not load is reported to the user, and the last good one (or the
    /// defaults) used meanwhile.
    fn linter(&mut self, key: &ConfigKey) -> Arc<Linter> {
        if let Some((stamp, l)) = self.linters.get(&key.path)
            && *stamp == key.stamp
        {
            return Arc::clone(l);
        }
        let source = key.path.clone().map_or(ConfigSource::Isolated, ConfigSource::File);
        let config = match Session::load_config(&source, &[], &[]) {
            Ok(c) => Some(c),
            Err(e) => {
                let message = format!("cplint: {e}");
                eprintln!("{message}");
                self.out.send(Notification::new(
                    notification::ShowMessage::METHOD.into(),
                    ShowMessageParams { typ: MessageType::ERROR, message },
                ));
                None
            }
        };
        let linter = match (config, self.linters.get(&key.path)) {
            (Some(c), _) => Arc::new(Linter::new(c, self.timeout)),
            (None, Some((_, old))) => Arc::clone(old),
            (None, None) => Arc::new(Linter::new(Config::default(), self.timeout)),
        };
        self.linters.insert(key.path.clone(), (key.stamp, Arc::clone(&linter)));
        linter
    }

    /// Starts lints of dirty documents, the most recently changed first, while
    /// fewer than [`parallel`] lints that are not [`SLOW`] run.
    fn schedule(&mut self) {
        if self.phase != Phase::Running {
            return;
        }
        let busy = self.running.iter().filter(|r| r.started.elapsed() < SLOW).count();
        let mut free = parallel().saturating_sub(busy);
        if free == 0 {
            return;
        }
        let mut ready: Vec<(u64, String)> = self
            .docs
            .iter()
            .filter(|(_, d)| d.dirty && d.linting.is_none())
            .map(|(u, d)| (d.generation, u.clone()))
            .collect();
        ready.sort_unstable_by(|a, b| b.cmp(a));
        for (_, uri) in ready {
            if free == 0 {
                break;
            }
            if self.start(&uri) {
                free -= 1;
            }
        }
    }

    /// Starts linting a document; false when none was needed (excluded).
    fn start(&mut self, uri: &str) -> bool {
        let Some(doc) = self.docs.get(uri) else { return false };
        let key = self.config_key(doc);
        let linter = self.linter(&key);
        let Some(doc) = self.docs.get_mut(uri) else { return false };
        doc.dirty = false;
        doc.config = Some(key);
        let generation = doc.generation;
        if doc.path.as_deref().is_some_and(|p| linter.excludes(p)) {
            let report = FileReport { path: doc.name.clone(), ..Default::default() };
            let linted = Linted::new(Arc::clone(&doc.text), report, &doc.uri, false);
            self.linted(uri, generation, linted, false);
            return false;
        }
        doc.linting = Some(generation);
        let (name, text, events, owned) =
            (doc.name.clone(), Arc::clone(&doc.text), self.events.clone(), uri.to_string());
        let doc_uri = doc.uri.clone();
        let spawned = std::thread::Builder::new().name("cplint-lsp-lint".into()).spawn(move || {
            let checked =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| linter.check(&name, Arc::clone(&text))));
            let (report, gave_up) = match checked {
                Ok(c) => (c.report, c.gave_up),
                Err(_) => {
                    let message = "cplint failed on this file; please report it".to_string();
                    (FileReport::error(&name, ErrorKind::Internal, message), false)
                }
            };
            let linted = Box::new(Linted::new(text, report, &doc_uri, gave_up));
            let _ = events.send(Event::Linted { uri: owned, generation, linted, gave_up });
        });
        match spawned {
            Ok(_) => self.running.push(Running { uri: uri.to_string(), generation, started: Instant::now() }),
            Err(e) => {
                let report = FileReport::error(&doc.name, ErrorKind::Io, format!("cannot start a lint thread: {e}"));
                let linted = Linted::new(Arc::clone(&doc.text), report, &doc.uri, false);
                self.linted(uri, generation, linted, false);
            }
        }
        true
    }

    /// A lint ended: published when its document has not changed since, else
    /// dropped. One given up on is published as it is (it has no position), and
    /// its document is linted again when saved.
    fn linted(&mut self, uri: &str, generation: u64, linted: Linted, gave_up: bool) {
        self.running.retain(|r| !(r.uri == uri && r.generation == generation));
        let Some(doc) = self.docs.get_mut(uri) else { return };
        if doc.linting == Some(generation) {
            doc.linting = None;
        }
        if gave_up {
            doc.gave_up = true;
            doc.dirty = false;
        } else if doc.generation != generation {
            return; // stale: the document changed while it was linted
        }
        let version = doc.version;
        publish_json(&self.out, &doc.uri, &linted.diagnostics_json, Some(version));
        doc.last = Some(linted);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.out.send(Notification::new(
            notification::PublishDiagnostics::METHOD.into(),
            PublishDiagnosticsParams { uri, diagnostics, version },
        ));
    }

    /// The actions of the last lint, when the document has not changed since (a
    /// changed one is being linted again; its old offsets no longer hold).
    fn code_action(&mut self, p: CodeActionParams) -> Result<Value, Failure> {
        let none = Ok(Value::Array(Vec::new()));
        if !actions::wants_quickfix(p.context.only.as_deref()) {
            return none;
        }
        let uri = p.text_document.uri.as_str();
        let Some(doc) = self.docs.get(uri) else { return none };
        let Some(last) = doc.last.as_ref().filter(|l| Arc::ptr_eq(&l.text, &doc.text)) else { return none };
        // The lint for diagnostics left the fixes out: work them out now, once per
        // version, when the request is about a finding.
        let asked = |l: &Linted| l.diagnostics.iter().any(|d| actions::touches(&d.range, &p.range));
        if !last.fixes && asked(last) && !last.report.findings.is_empty() {
            let (key, name, text) = (doc.config.clone(), doc.name.clone(), Arc::clone(&last.text));
            if let Some(key) = key {
                let checked = self.linter(&key).check_with_fixes(&name, text);
                if let Some(last) = self.docs.get_mut(uri).and_then(|d| d.last.as_mut())
                    && !checked.gave_up
                {
                    last.take_fixes(checked.report);
                }
            }
        }
        let Some(doc) = self.docs.get(uri) else { return none };
        let Some(last) = doc.last.as_ref() else { return none };
        let found = actions::Found {
            uri: &doc.uri,
            text: &last.text,
            findings: &last.report.findings,
            errors: &last.report.errors,
            diagnostics: &last.diagnostics,
        };
        serde_json::to_value(actions::code_actions(&found, &p.range))
            .map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
    }
}

/// `textDocument/publishDiagnostics` with diagnostics already in JSON: what
/// `publish` sends, without building a `serde_json::Value` of every diagnostic on
/// the main loop and serialising it again on the writer's thread.
fn publish_json(out: &transport::Out, uri: &Uri, diagnostics: &str, version: Option<i32>) {
    let uri = serde_json::to_string(uri.as_str()).unwrap_or_else(|_| "\"\"".into());
    // No version is no member (as lsp-types writes it), not `null`.
    let version = version.map_or_else(String::new, |v| format!(r#","version":{v}"#));
    let method = notification::PublishDiagnostics::METHOD;
    out.json(format!(
        r#"{{"jsonrpc":"2.0","method":"{method}","params":{{"uri":{uri},"diagnostics":{diagnostics}{version}}}}}"#
    ));
}

fn params<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, Failure> {
    serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams as i32, format!("invalid params: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `publish_json` writes what lsp-types would for the same parameters.
    #[test]
    fn publish_json_is_what_lsp_types_writes() {
        let uri: Uri = "file:///tmp/a%20b/x.js".parse().expect("uri");
        let diagnostics = vec![Diagnostic {
            range: lsp_types::Range::new(lsp_types::Position::new(1, 2), lsp_types::Position::new(1, 9)),
            message: "a \"quoted\" message\nwith a line break".into(),
            source: Some("cplint".into()),
            ..Default::default()
        }];
        for version in [Some(7), None] {
            let (tx, rx) = mpsc::channel();
            let json = serde_json::to_string(&diagnostics).expect("diagnostics");
            publish_json(&transport::Out(tx), &uri, &json, version);
            let Ok(transport::Outgoing::Json(sent)) = rx.try_recv() else { panic!("nothing sent") };
            let sent: Value = serde_json::from_str(&sent).expect("valid JSON");
            let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics: diagnostics.clone(), version };
            let expected = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": serde_json::to_value(params).expect("params"),
            });
            assert_eq!(sent, expected);
        }
    }
}
