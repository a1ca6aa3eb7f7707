//! `cplint lsp` end to end: a JSON-RPC client in the test drives the server binary
//! (diagnostics, code actions and their edits, stale results, malformed input, a
//! slow file, `cplint.toml` changes, shutdown), and Neovim's built-in LSP client
//! runs `tests/nvim/lsp_test.lua` against it (skipped, loudly, without `nvim`).
//! Every read is bounded by a timeout, so a broken server fails a test instead of
//! hanging it. On the skip-reporting harness (tests/common/harness.rs): without
//! `nvim` the editor test is reported as ignored, `SKIPPED because nvim not found`.

mod common;

use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::harness::{Outcome, skip};
use serde_json::{Value, json};

/// How long any one answer may take (debug builds on a shared machine).
const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    inbox: Receiver<Value>,
    /// Messages read while waiting for another.
    backlog: VecDeque<Value>,
    stderr: Arc<Mutex<String>>,
    next_id: i64,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cplint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cplint lsp starts");
        let (tx, inbox) = channel();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            while let Some(v) = read_frame(&mut out) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (mut err, log) = (child.stderr.take().unwrap(), Arc::clone(&stderr));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, inbox, backlog: VecDeque::new(), stderr, next_id: 1 }
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).and_then(|_| stdin.flush()).expect("server reads its input");
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(&format!("the answer to {method}"), |m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message matching `pred` (earlier ones that do not are kept).
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_within(what, TIMEOUT, pred).unwrap_or_else(|| panic!("no {what} within {TIMEOUT:?}{}", self.log()))
    }

    fn wait_within(&mut self, _what: &str, limit: Duration, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.inbox.recv_timeout(left) {
                Ok(m) if pred(&m) => return Some(m),
                Ok(m) => self.backlog.push_back(m),
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output{}", self.log()),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics of {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn log(&self) -> String {
        format!("\nbacklog: {:?}\nstderr: {}", self.backlog, self.stderr.lock().unwrap())
    }

    fn initialize(&mut self, root: &Path, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(root), "capabilities": {}, "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({ "uri": uri, "languageId": "javascript", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn code_actions(&mut self, uri: &str, range: &Value) -> Vec<Value> {
        let r = self.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
        );
        r["result"].as_array().cloned().unwrap_or_else(|| panic!("no actions: {r}"))
    }

    /// Waits for the process to end (killed after the timeout).
    fn wait_exit(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("cplint lsp did not exit{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let status = self.wait_exit();
        assert_eq!(status.code(), Some(0), "{}", self.log());
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let s = s.replace(' ', "%20");
    if s.starts_with('/') { format!("file://{s}") } else { format!("file:///{s}") }
}

/// The byte offset of an LSP position (UTF-16 character) in `text`.
fn offset(text: &str, pos: &Value) -> usize {
    let (line, ch) = (pos["line"].as_u64().unwrap() as usize, pos["character"].as_u64().unwrap() as usize);
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= ch || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The LSP position (UTF-16) of byte `at` in `text`.
fn position(text: &str, at: usize) -> Value {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": text[start..at].encode_utf16().count() })
}

/// Applies a code action's edits to `text`, as an editor would.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let edits = action["edit"]["changes"][uri].as_array().unwrap_or_else(|| panic!("no edits for {uri}: {action}"));
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(text, &e["range"]["start"]), offset(text, &e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, t);
    }
    out
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect();
    c.sort();
    c
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code} in {diags:?}"))
}

fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions.iter().find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title))).unwrap_or_else(|| {
        panic!("no action `{title}` in {:#?}", actions.iter().map(|a| &a["title"]).collect::<Vec<_>>())
    })
}

/// A project folder with an empty `cplint.toml` (so no file above the temporary
/// folder applies).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cplint.toml"), "").unwrap();
    dir
}

/// The line with `exec` holds a character outside the BMP (two UTF-16 units, one
/// character, four bytes) and one that is two bytes, before the call.
const APP: &str = "const { exec, spawn } = require(\"child_process\");\n\
function run(name) {\n  const s = \"😀é\"; exec(`touch ${name}`, (e, out) => console.log(s, out));\n}\n\
module.exports = { run, status: () => spawn(\"git status --short\", { timeout: 1000 }) };\n";

fn diagnostics_and_code_actions_round_trip() {
    let dir = project();
    let path = dir.path().join("app.js");
    // On disk: nothing to find. The buffer is what is linted.
    fs::write(&path, "module.exports = 1;\n").unwrap();
    let uri = uri(&path);
    let mut c = Client::start(dir.path());
    let init = c.initialize(dir.path(), Value::Null);
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 1, "{init}");
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert!(caps["codeActionProvider"].is_object(), "{init}");
    assert_eq!(init["result"]["serverInfo"]["name"], "cplint");

    c.open(&uri, APP);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(codes(&diags), ["CP001", "CP002", "CP005"], "{diags:#?}");
    let d = by_code(&diags, "CP001");
    let call = APP.find("exec(`").unwrap();
    let end = APP[call..].find(");\n").unwrap() + call + 1;
    assert_eq!(d["range"]["start"], position(APP, call), "{d}");
    assert_eq!(d["range"]["end"], position(APP, end), "{d}");
    // UTF-16, not characters or bytes: 😀 is two units.
    let line = APP.lines().nth(2).unwrap();
    let chars = line[..line.find("exec").unwrap()].chars().count();
    assert_eq!(d["range"]["start"]["character"], chars + 1, "{d}");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "cplint");
    assert_eq!(d["codeDescription"]["href"], "https://github.com/cplint/cplint/blob/main/rules/shell-injection.md");
    assert!(d["message"].as_str().unwrap().starts_with("`exec` runs a shell command built from `name`"), "{d}");
    let related = d["relatedInformation"].as_array().expect("related information");
    let param = related
        .iter()
        .find(|r| r["message"] == "parameter of exported `run`")
        .unwrap_or_else(|| panic!("the label on `name`: {related:?}"));
    let name = APP.find("${name}").unwrap() + 2;
    assert_eq!(param["location"]["uri"], uri.as_str());
    assert_eq!(param["location"]["range"]["start"], position(APP, name));
    assert_eq!(param["location"]["range"]["end"], position(APP, name + 4));
    assert_eq!(by_code(&diags, "CP005")["severity"], 2);

    // The actions on the `exec` call: its unsafe fix, and disabling either rule.
    let actions = c.code_actions(&uri, &d["range"]);
    let unsafe_fix = action(&actions, "(unsafe) run `touch` with `execFile`");
    assert_ne!(unsafe_fix["isPreferred"], true, "{unsafe_fix}");
    assert_eq!(unsafe_fix["kind"], "quickfix");
    assert_eq!(unsafe_fix["diagnostics"][0]["code"], "CP001");
    let disable_line = action(&actions, "Disable shell-injection for this line");
    let disable_file = action(&actions, "Disable shell-injection for this file");
    action(&actions, "Disable unchecked-exit for this line");

    // The safe fix of `spawn("git status --short")` is preferred.
    let actions2 = c.code_actions(&uri, &by_code(&diags, "CP002")["range"]);
    let safe_fix = action(&actions2, "split the command line");
    assert_eq!(safe_fix["isPreferred"], true, "{safe_fix}");

    // Disable for this line: the finding goes, the other rule's stays, nothing new.
    let v2 = apply(APP, disable_line, &uri);
    assert!(v2.contains("\n  // cplint-disable-next-line shell-injection -- reason\n  const s"), "{v2}");
    c.change(&uri, 2, &v2);
    let diags2 = c.diagnostics(&uri, 2);
    assert_eq!(codes(&diags2), ["CP002", "CP005"], "{diags2:#?}");
    // Disabling the other rule on that line adds it to the same comment.
    let actions3 = c.code_actions(&uri, &by_code(&diags2, "CP005")["range"]);
    let v3 = apply(&v2, action(&actions3, "Disable unchecked-exit for this line"), &uri);
    assert!(v3.contains("// cplint-disable-next-line shell-injection, unchecked-exit -- reason\n"), "{v3}");
    c.change(&uri, 3, &v3);
    assert_eq!(codes(&c.diagnostics(&uri, 3)), ["CP002"]);

    // The unsafe fix, applied to the first text: no shell, still parses.
    let v4 = apply(APP, unsafe_fix, &uri);
    assert!(v4.contains("execFile(\"touch\", [name]"), "{v4}");
    c.change(&uri, 4, &v4);
    assert_eq!(codes(&c.diagnostics(&uri, 4)), ["CP002", "CP005"]);
    // The safe fix.
    let v5 = apply(APP, safe_fix, &uri);
    assert!(v5.contains("spawn(\"git\", [\"status\", \"--short\"]"), "{v5}");
    c.change(&uri, 5, &v5);
    assert_eq!(codes(&c.diagnostics(&uri, 5)), ["CP001", "CP005"]);
    // Disable for this file, twice: one comment at the top naming both rules.
    let v6 = apply(APP, disable_file, &uri);
    assert!(v6.starts_with("// cplint-disable-file shell-injection -- reason\nconst"), "{v6}");
    c.change(&uri, 6, &v6);
    let diags6 = c.diagnostics(&uri, 6);
    assert_eq!(codes(&diags6), ["CP002", "CP005"]);
    let actions7 = c.code_actions(&uri, &by_code(&diags6, "CP002")["range"]);
    let v7 = apply(&v6, action(&actions7, "Disable spawn-command-string for this file"), &uri);
    assert!(v7.starts_with("// cplint-disable-file shell-injection, spawn-command-string -- reason\n"), "{v7}");
    c.change(&uri, 7, &v7);
    assert_eq!(codes(&c.diagnostics(&uri, 7)), ["CP005"]);

    // An unused directive: reported, greyed out, and removable.
    let v8 = format!("{APP}// cplint-disable-next-line missing-timeout -- reason\nmodule.exports.x = 1;\n");
    c.change(&uri, 8, &v8);
    let diags8 = c.diagnostics(&uri, 8);
    let unused = by_code(&diags8, "unused-directive");
    assert_eq!(unused["tags"], json!([1]), "{unused}");
    let remove = c.code_actions(&uri, &unused["range"]);
    assert_eq!(apply(&v8, action(&remove, "Remove unused directive"), &uri), format!("{APP}module.exports.x = 1;\n"));

    // Closing clears the diagnostics.
    c.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    let cleared = c.wait_for("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]), "{cleared}");
    c.shutdown();
}

fn malformed_input_is_answered_and_the_server_goes_on() {
    let dir = project();
    let mut c = Client::start(dir.path());
    // Before `initialize`.
    let r = c.request("textDocument/codeAction", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    // Not JSON.
    c.raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc");
    let r = c.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(r["id"], Value::Null, "{r}");
    // JSON, not a message.
    c.send(json!({ "jsonrpc": "2.0", "hello": 1 }));
    c.wait_for("an invalid request error", |m| m["error"]["code"] == -32600);
    // No Content-Length; garbage lines before a frame.
    c.raw(b"Content-Type: text/plain\r\n\r\n");
    c.wait_for("a header error", |m| m["error"]["code"] == -32700 && m["id"].is_null());
    c.raw(b"garbage\r\nmore: garbage\r\n");
    let init = c.initialize(dir.path(), Value::Null);
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    let r = c.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    // Bytes (not even a line) before a frame.
    c.raw(b"\x00\xffjunk");
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request("textDocument/codeAction", json!({ "textDocument": 5 }));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Bad notifications are dropped.
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": 7 } }));
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///nowhere.js", "version": 2 }, "contentChanges": [] }),
    );
    c.notify("$/cancelRequest", json!({ "id": 1 }));
    // Still works: an untitled buffer is linted by its language id.
    c.open("untitled:Untitled-1", "require('child_process').execSync(`rm ${process.argv[2]}`, { timeout: 1 });\n");
    assert_eq!(codes(&c.diagnostics("untitled:Untitled-1", 1)), ["CP001"]);
    // A document that does not parse gets the parse error.
    c.change("untitled:Untitled-1", 2, "require('child_process').execSync(`rm ${x}`;\n");
    let d = c.diagnostics("untitled:Untitled-1", 2);
    assert_eq!(codes(&d), ["parse-error"], "{d:?}");
    // Other languages are not ours.
    let doc = json!({ "uri": "file:///x/readme.md", "languageId": "markdown", "version": 1, "text": "exec(`${x}`)" });
    c.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    assert!(
        c.wait_within("", Duration::from_millis(500), |m| m["params"]["uri"] == "file:///x/readme.md").is_none(),
        "a markdown file got diagnostics"
    );
    // `exit` without `shutdown`: exit code 1, as the protocol says.
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
}

fn only_the_latest_text_is_published() {
    let dir = project();
    let path = dir.path().join("typing.js");
    let uri = uri(&path);
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), Value::Null);
    let text = |v: i64| {
        // Odd versions have one finding per ten lines; even ones none.
        let call = if v % 2 == 1 { "exec(`ls ${x}`, { timeout: 1 }, (e) => { if (e) throw e; });" } else { "x;" };
        let mut s = String::from("const { exec } = require('child_process');\nlet x = process.argv[2];\n");
        for i in 0..2000 {
            s.push_str(&if i % 10 == 0 { format!("{call}\n") } else { format!("const v{i} = {i};\n") });
        }
        s
    };
    c.open(&uri, &text(1));
    const LAST: i64 = 40;
    for v in 2..=LAST {
        c.change(&uri, v, &text(v));
    }
    let mut seen = Vec::new();
    loop {
        let m = c.wait_for("diagnostics", |m| m["method"] == "textDocument/publishDiagnostics");
        let v = m["params"]["version"].as_i64().unwrap();
        let n = m["params"]["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "CP001").count();
        assert_eq!(n, if v % 2 == 1 { 200 } else { 0 }, "version {v} published with another text's diagnostics");
        seen.push(v);
        if v == LAST {
            break;
        }
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "an older version was published after a newer one: {seen:?}");
    // Nothing after the last one.
    assert!(c.wait_within("", Duration::from_millis(300), |m| m["method"].is_string()).is_none());
    c.shutdown();
}

/// A file swc parses in time worse than linear is given up on after the time limit
/// (`fileTimeout`, seconds), and holds up neither requests nor other files.
fn a_slow_file_holds_up_nothing() {
    let dir = project();
    let (slow, quick) = (uri(&dir.path().join("slow.js")), uri(&dir.path().join("quick.js")));
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), json!({ "fileTimeout": 2 }));
    let head = "const { execSync } = require('child_process');\nexecSync(`ls ${process.argv[2]}`, { timeout: 1 });\n";
    c.open(&slow, &format!("{head}if (a) {{}}{}\n", " else if (a) {}".repeat(100_000)));
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    c.open(&quick, head);
    assert_eq!(codes(&c.diagnostics(&quick, 1)), ["CP001"]);
    let r = c.request("textDocument/codeAction", json!({
        "textDocument": { "uri": quick }, "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } },
        "context": { "diagnostics": [] }
    }));
    assert!(r["result"].as_array().is_some_and(|a| !a.is_empty()), "{r}");
    assert!(
        !c.backlog.iter().any(|m| m["params"]["uri"] == slow.as_str()),
        "the slow file was done first: {:?}",
        started.elapsed()
    );
    let d = c.diagnostics(&slow, 1);
    assert!(started.elapsed() >= Duration::from_millis(1500), "the slow file was not slow: {:?}", started.elapsed());
    assert_eq!(codes(&d), ["parse-error"], "{d:?}");
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.contains("gave up after 2 s") && message.contains("again when it is saved"), "{d:?}");
    // Edits do not start another lint of it; saving does.
    c.change(&slow, 2, &format!("{head}if (a) {{}}{}\n", " else if (b) {}".repeat(100_000)));
    assert!(c.wait_within("", Duration::from_millis(500), |m| m["params"]["uri"] == slow.as_str()).is_none());
    c.notify("textDocument/didSave", json!({ "textDocument": { "uri": slow } }));
    assert_eq!(codes(&c.diagnostics(&slow, 2)), ["parse-error"]);
    c.shutdown();
}

fn cplint_toml_changes_are_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("cplint.toml");
    fs::write(&config, "[rules]\nshell-injection = \"off\"\n").unwrap();
    let uri = uri(&dir.path().join("a.js"));
    let text = "require('child_process').execSync(`rm ${process.argv[2]}`, { timeout: 1 });\n";
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), Value::Null);
    c.open(&uri, text);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), Vec::<String>::new());
    // Changed, and the client says so.
    fs::write(&config, "[rules]\nshell-injection = \"warning\"\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": self::uri(&config), "type": 2 }] }));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), ["CP001"]);
    assert_eq!(d[0]["severity"], 2);
    // Changed, and nobody says so: found by polling.
    fs::write(&config, "[rules]\nshell-injection = \"note\"\n").unwrap();
    let d = c.diagnostics(&uri, 1);
    assert_eq!(d[0]["severity"], 3, "{d:?}");
    // Broken: the user is told, the last good configuration stays.
    fs::write(&config, "[rules]\nshell-injection = \"louder\"\n").unwrap();
    let m = c.wait_for("a message", |m| m["method"] == "window/showMessage");
    assert!(m["params"]["message"].as_str().unwrap().contains("loud"), "{m}");
    assert_eq!(c.diagnostics(&uri, 1)[0]["severity"], 3);
    // Excluded files get no diagnostics.
    fs::write(&config, "exclude = [\"vendor\"]\n").unwrap();
    let vendored = self::uri(&dir.path().join("vendor/lib.js"));
    c.open(&vendored, text);
    assert_eq!(c.diagnostics(&vendored, 1), Vec::<Value>::new());
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["CP001"]);
    c.shutdown();
}

fn nvim() -> Option<PathBuf> {
    let ok = Command::new("nvim").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    ok.is_ok_and(|s| s.success()).then(|| PathBuf::from("nvim"))
}

/// Neovim (0.7 or later, its built-in client) attached to `cplint lsp`: the finding
/// appears with the right code, message and column, and the "disable for this
/// line" action, taken through `vim.lsp.buf.code_action`, fixes the buffer.
fn neovim_shows_the_finding_and_applies_the_action() -> Outcome {
    let Some(nvim) = nvim() else {
        return skip("nvim not found (install Neovim, e.g. `apt-get install neovim`, to run the editor test)");
    };
    let dir = project();
    let file = dir.path().join("app.js");
    fs::write(&file, APP).unwrap();
    let result = dir.path().join("result.txt");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/lsp_test.lua");
    let started = Instant::now();
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("CPLINT_BIN", env!("CARGO_BIN_EXE_cplint"))
        .env("CPLINT_FILE", &file)
        .env("CPLINT_RESULT", &result)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let limit = Duration::from_secs(90);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "nvim did not finish within {limit:?}; result so far:\n{}",
                fs::read_to_string(&result).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    let report = fs::read_to_string(&result).unwrap_or_else(|_| format!("no result file; stderr:\n{stderr}"));
    assert!(status.success(), "nvim exited with {status}:\n{report}\nstderr:\n{stderr}");
    assert!(report.lines().last() == Some("PASS"), "{report}");
    // The harness does not capture output: the time shows in `cargo test`.
    eprintln!("neovim test: passed in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

test_main! {
    diagnostics_and_code_actions_round_trip,
    malformed_input_is_answered_and_the_server_goes_on,
    only_the_latest_text_is_published,
    a_slow_file_holds_up_nothing,
    cplint_toml_changes_are_read_again,
    neovim_shows_the_finding_and_applies_the_action,
}
