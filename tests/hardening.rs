//! Pathological input, end to end through the binary: each case yields a per-file
//! diagnostic (or a clean skip where that is right) and the run goes on — another
//! file in the same run still gets its finding. Inputs are generated into temporary
//! folders at test time; nothing big is committed. A case the machine cannot set up
//! (no FIFO, root without `nobody`, no sparse files) is reported as ignored,
//! `SKIPPED because ...`.

mod common;

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::harness::{Outcome, skip};
use serde_json::Value;

const VULNERABLE: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => exec('cat ' + f);\n";

/// Runs the binary in `dir` with JSON output, killing it after `limit`.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Output {
    run_cmd(cplint(dir, "json", args), limit)
}

/// The text report (it carries the per-file notes that JSON leaves out).
fn run_text(dir: &Path, args: &[&str]) -> String {
    let out = run_cmd(cplint(dir, "text", args), MINUTE);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn cplint(dir: &Path, format: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cplint"));
    c.current_dir(dir)
        .args(["--format", format, "--select", "shell-injection"])
        .args(args)
        .env_remove("CPLINT_TEST_PANIC")
        .env_remove("CPLINT_TEST_VANISH")
        .env("NO_COLOR", "1");
    c
}

fn run_cmd(mut cmd: Command, limit: Duration) -> Output {
    // Output goes to anonymous files so a full pipe can never stall the child.
    let stdout = tempfile::tempfile().expect("temporary file");
    let stderr = tempfile::tempfile().expect("temporary file");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().expect("clone handle"))
        .stderr(stderr.try_clone().expect("clone handle"))
        .spawn()
        .expect("start the cplint binary");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for cplint") {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cplint did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: read_back(stdout), stderr: read_back(stderr) }
}

fn read_back(mut f: fs::File) -> Vec<u8> {
    let mut v = Vec::new();
    f.seek(SeekFrom::Start(0)).and_then(|_| f.read_to_end(&mut v)).expect("read captured output");
    v
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn finding_paths(doc: &Value) -> Vec<String> {
    let mut v: Vec<String> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

/// The errors reported for `path`, as (kind, message).
fn errors_for(doc: &Value, path: &str) -> Vec<(String, String)> {
    doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == path)
        .map(|e| (e["kind"].as_str().unwrap().to_string(), e["message"].as_str().unwrap().to_string()))
        .collect()
}

const MINUTE: Duration = Duration::from_secs(60);

/// Writes `ok.js`, a file with a real finding that must survive whatever else is in
/// the run.
fn with_witness(dir: &Path) {
    fs::write(dir.join("ok.js"), VULNERABLE).unwrap();
}

fn assert_witness(doc: &Value) {
    assert!(finding_paths(doc).contains(&"ok.js".to_string()), "the run did not go on: {doc}");
}

/// A small xorshift generator: the same "random" bytes on every run.
fn pseudo_random(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// Same-file calls fold with their arguments and without the shape cache: four
/// helpers each calling the one below 30 times are 810,000 folds without the per-file
/// budget (6 s in a release build), a few milliseconds with it.
fn helpers_calling_helpers_fold_within_a_budget() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut src = String::from("const { exec } = require(\"child_process\");\nfunction f0(x) { return \"a\" + x; }\n");
    for i in 1..5 {
        let body = vec![format!("f{}(x)", i - 1); 30].join(" + ");
        src.push_str(&format!("function f{i}(x) {{ return {body}; }}\n"));
    }
    src.push_str("exec(f4(\"b\"));\n");
    fs::write(d.join("helpers.js"), src).unwrap();
    let started = Instant::now();
    let out = run_in(d, &[], MINUTE);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    let doc = json(&out);
    assert!(doc["errors"].as_array().is_some_and(|e| e.is_empty()), "{doc}");
}

fn random_bytes_are_a_parse_error_or_a_clean_skip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    // Pure noise: nothing names child_process, so the pre-filter skips it cleanly.
    fs::write(d.join("noise.js"), pseudo_random(1 << 20, 0x9E37_79B9_7F4A_7C15)).unwrap();
    // Noise after a real import: parsed, and a parse error for this file only.
    let mut tail = b"const cp = require('child_process');\n".to_vec();
    tail.extend(pseudo_random(1 << 20, 42));
    fs::write(d.join("tail.ts"), tail).unwrap();
    let out = run_in(d, &[], MINUTE);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_witness(&doc);
    assert_eq!(errors_for(&doc, "noise.js"), []);
    let tail = errors_for(&doc, "tail.ts");
    assert_eq!(tail.len(), 1, "{tail:?}");
    assert_eq!(tail[0].0, "parse-error");
    // Without the pre-filter the noise is parsed too, and is a parse error.
    let out = run_in(d, &["--no-prefilter"], MINUTE);
    let doc = json(&out);
    assert_witness(&doc);
    assert_eq!(errors_for(&doc, "noise.js").first().map(|e| e.0.as_str()), Some("parse-error"));
}

fn a_directory_named_x_js_is_walked_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("x.js")).unwrap();
    fs::write(d.join("x.js/inner.js"), VULNERABLE).unwrap();
    fs::create_dir(d.join("empty.ts")).unwrap();
    with_witness(d);
    for args in [&[][..], &["x.js", "empty.ts", "ok.js"][..]] {
        let out = run_in(d, args, MINUTE);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let doc = json(&out);
        assert_eq!(finding_paths(&doc), ["ok.js", "x.js/inner.js"], "{args:?}");
        assert_eq!(doc["errors"].as_array().unwrap().len(), 0, "{doc}");
    }
}

#[cfg(unix)]
fn mkfifo(p: &Path) -> bool {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::mkfifo(c.as_ptr(), 0o644) == 0 }
}

/// Opening a FIFO for reading blocks until a writer comes, and reading it blocks
/// until the writer closes: the binary must never do either.
#[cfg(unix)]
fn a_fifo_named_x_js_is_skipped_or_reported_without_blocking() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    if !mkfifo(&d.join("x.js")) {
        return skip("cannot create a FIFO here");
    }
    std::os::unix::fs::symlink(d.join("x.js"), d.join("link.js")).unwrap();
    // Walked: a FIFO (or a link to one) is not a source file, skipped like any other
    // special file.
    let out = run_in(d, &[], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_witness(&doc);
    assert_eq!(doc["errors"].as_array().unwrap().len(), 0, "{doc}");
    // Named on the command line (directly or through a link): an io error for that
    // path, and the rest of the run goes on. Both names are one file, reported once.
    for p in ["x.js", "link.js"] {
        let out = run_in(d, &[p, "ok.js"], Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let doc = json(&out);
        assert_witness(&doc);
        let e = errors_for(&doc, p);
        assert_eq!(e.len(), 1, "{p}: {doc}");
        assert_eq!(e[0].0, "io");
        assert!(e[0].1.contains("not a regular file (a FIFO)"), "{e:?}");
    }
    let out = run_in(d, &["x.js", "link.js", "ok.js"], Duration::from_secs(30));
    let doc = json(&out);
    assert_eq!(errors_for(&doc, "x.js").len(), 1, "{doc}");
    assert_eq!(errors_for(&doc, "link.js").len(), 0, "{doc}");
    Ok(())
}

/// `/dev/zero` never ends: a link to it named like a source file is refused.
#[cfg(unix)]
fn a_link_to_a_device_is_refused() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    if !Path::new("/dev/zero").exists() {
        return skip("there is no /dev/zero");
    }
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.js")).unwrap();
    let out = run_in(d, &["zero.js", "ok.js"], Duration::from_secs(30));
    let doc = json(&out);
    assert_witness(&doc);
    let e = errors_for(&doc, "zero.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert!(e[0].1.contains("not a regular file (a device)"), "{e:?}");
    Ok(())
}

fn non_utf8_bytes_inside_a_call_keep_positions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    // Latin-1 and a stray continuation byte inside the command string, a NUL in a
    // comment: the finding is still at the call, columns count the replacement
    // characters the way the text was read.
    let src = b"/* \x00 */ const { exec } = require('child_process');\nlet x = '\xe9\x80'; exec('ls \xff ' + process.argv[2]);\n";
    fs::write(d.join("latin.js"), src).unwrap();
    let out = run_in(d, &[], MINUTE);
    let doc = json(&out);
    assert_witness(&doc);
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == "latin.js").expect("finding in latin.js");
    // `\xe9\x80` (a cut-off sequence) reads as one U+FFFD, so `exec` is the 14th character.
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(2), Some(14)), "{f}");
    let text = run_text(d, &[]);
    assert!(text.contains("latin.js: note: not valid UTF-8 (first bad byte at offset 60)"), "{text}");
}

fn utf16(text: &str, be: bool) -> Vec<u8> {
    let mut v = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in text.encode_utf16() {
        v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    v
}

fn utf16_files_with_a_bom_are_decoded_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let src = "const { exec } = require('child_process');\nconst ü = '😀'; exec('ls ' + process.argv[2]);\n";
    fs::write(d.join("be.js"), utf16(src, true)).unwrap();
    fs::write(d.join("le.ts"), utf16(src, false)).unwrap();
    // A lone surrogate and an odd trailing byte (in a comment): decoded lossily, still
    // linted.
    let mut broken = utf16(&format!("{src}// "), false);
    broken.extend_from_slice(&[0x00, 0xD8, 0x41]);
    fs::write(d.join("broken.js"), broken).unwrap();
    let out = run_in(d, &[], MINUTE);
    let doc = json(&out);
    assert_eq!(finding_paths(&doc), ["be.js", "broken.js", "le.ts", "ok.js"], "{doc}");
    for f in doc["findings"].as_array().unwrap().iter().filter(|f| f["path"] != "ok.js") {
        // Columns count characters: `const ü = '😀'; ` is 15 of them.
        assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(2), Some(16)), "{f}");
    }
    let text = run_text(d, &[]);
    for note in [
        "be.js: note: decoded from UTF-16 BE",
        "le.ts: note: decoded from UTF-16 LE",
        "broken.js: note: decoded from UTF-16 LE",
    ] {
        assert!(text.contains(note), "{note} missing from:\n{text}");
    }
}

#[cfg(unix)]
fn symlink_loops_end_the_walk() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    symlink("b.js", d.join("a.js")).unwrap();
    symlink("a.js", d.join("b.js")).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("sub/inner.js"), VULNERABLE).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    // Walked: links are not followed, so neither loop is entered.
    let out = run_in(d, &[], MINUTE);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(finding_paths(&doc), ["ok.js", "sub/inner.js"]);
    assert_eq!(doc["errors"].as_array().unwrap().len(), 0, "{doc}");
    // The loop named as a root: walked once through the link, links inside it not
    // followed.
    let out = run_in(d, &["sub/up"], MINUTE);
    let doc = json(&out);
    assert_eq!(finding_paths(&doc), ["sub/up/ok.js", "sub/up/sub/inner.js"], "{doc}");
    // A file loop named on the command line: reported for that path (like any path
    // that cannot be resolved, exit 2), and the rest of the run goes on.
    let out = run_in(d, &["a.js", "ok.js"], MINUTE);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_witness(&doc);
    let e = errors_for(&doc, "a.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert!(e[0].1.to_lowercase().contains("symbolic links"), "{e:?}");
}

fn a_walked_file_that_vanishes_before_it_is_read_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    fs::write(d.join("cplint-test-vanish.js"), VULNERABLE).unwrap();
    fs::write(d.join("named-cplint-test-vanish.ts"), VULNERABLE).unwrap();
    // The hook deletes the file after the walk listed it and before it is read.
    let mut cmd = cplint(d, "json", &[".", "named-cplint-test-vanish.ts"]);
    cmd.env("CPLINT_TEST_VANISH", "1");
    let out = run_cmd(cmd, MINUTE);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_witness(&doc);
    assert!(!d.join("cplint-test-vanish.js").exists(), "the hook ran");
    for p in ["cplint-test-vanish.js", "named-cplint-test-vanish.ts"] {
        let e = errors_for(&doc, p);
        assert_eq!(e.len(), 1, "{p}: {doc}");
        assert_eq!(e[0].0, "io");
        assert!(e[0].1.contains("No such file or directory"), "{e:?}");
    }
}

fn a_named_path_that_does_not_exist_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    // A missing path on the command line is a usage error (exit 2), but the files
    // that do exist are still linted and reported.
    let out = run_in(d, &["gone.js", "ok.js"], MINUTE);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_witness(&doc);
    let e = errors_for(&doc, "gone.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert!(e[0].1.contains("No such file or directory"), "{e:?}");
}

/// As root, `chmod 000` does not stop reads; the binary is then run as `nobody`
/// when possible, and the test is skipped with a message when not.
#[cfg(unix)]
fn an_unreadable_file_is_an_io_error() -> Outcome {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    with_witness(d);
    fs::write(d.join("locked.js"), VULNERABLE).unwrap();
    fs::set_permissions(d.join("locked.js"), fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = cplint(d, "json", &[]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        cmd.uid(65534).gid(65534).env_remove("HOME");
    }
    let out = match cmd.stdin(Stdio::null()).output() {
        Ok(out) => out,
        Err(e) => {
            return skip(format!(
                "running as root, the binary cannot be run as `nobody` ({e}), and chmod 000 does not stop root"
            ));
        }
    };
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_witness(&doc);
    let e = errors_for(&doc, "locked.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert_eq!(e[0].0, "io");
    assert!(e[0].1.contains("Permission denied"), "{e:?}");
    Ok(())
}

/// swc addresses sources with `u32` positions: a file of 4 GiB or more is refused
/// from its size, without reading it (the file here is sparse).
fn a_file_over_4_gib_is_refused_without_reading_it() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let big = fs::File::create(d.join("huge.js")).unwrap();
    if big.set_len(4 << 30).is_err() {
        return skip("cannot make a sparse 4 GiB file here");
    }
    drop(big);
    let out = run_in(d, &[], Duration::from_secs(30));
    let doc = json(&out);
    assert_witness(&doc);
    let e = errors_for(&doc, "huge.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert!(e[0].1.contains("cplint reads files under 4 GiB"), "{e:?}");
    Ok(())
}

/// Bracket nesting is cut off by the pre-scan (a parse error naming the depth, see
/// `deep_nesting_does_not_overflow_the_stack` in cli.rs); these are the shapes that
/// nest 100,000 deep without brackets. Each must come back within the limit (the
/// member, `.on(..)` and `await` chains used to be quadratic in cplint's own child
/// tracking) without overflowing the lint thread's stack.
fn nesting_100000_deep_without_brackets() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let head = "const { exec, spawn } = require('child_process');\n";
    let cases: Vec<(&str, String)> = vec![
        ("unary.js", format!("x = {}a;\n", "!".repeat(N))),
        ("typeof.js", format!("x = {}a;\n", "typeof ".repeat(N))),
        ("cond.js", format!("x = {}1{};\n", "a ? ".repeat(N), " : 2".repeat(N))),
        ("assign.js", format!("a{};\n", " = a".repeat(N))),
        ("arrow.js", format!("f = {}1;\n", "a => ".repeat(N))),
        ("if.js", format!("{}exec(a);\n", "if (a) ".repeat(N))),
        ("new.js", format!("x = {}A;\n", "new ".repeat(N))),
        ("member.js", format!("x = a{};\n", ".b".repeat(N))),
        ("await.mjs", format!("x = {}spawn('x');\n", "await ".repeat(N))),
        ("chain.js", format!("spawn('x').stdout{};\n", ".on('data', f)".repeat(N))),
        ("optional.js", format!("x = a{};\n", "?.b".repeat(N))),
        ("jsx.jsx", format!("x = {}{};\n", "<a>".repeat(N), "</a>".repeat(N))),
        ("types.ts", format!("let x: {}B{};\n", "A<".repeat(N), ">".repeat(N))),
        ("fn-types.ts", format!("type X = {}D;\n", "() => ".repeat(N))),
    ];
    for (name, body) in &cases {
        fs::write(d.join(name), format!("{head}{body}")).unwrap();
    }
    let out = run_in(d, &["--no-prefilter"], Duration::from_secs(300));
    let doc = json(&out);
    assert_witness(&doc);
    for (name, _) in &cases {
        for (kind, message) in errors_for(&doc, name) {
            assert_eq!(kind, "parse-error", "{name}: {message}");
        }
    }
    assert!(doc["errors"].as_array().unwrap().iter().all(|e| e["kind"] != "internal"), "{doc}");
}

/// Shapes swc parses in time worse than linear (no brackets, so the nesting pre-scan
/// does not see them), 100,000 long: each file is given up on after `--file-timeout`
/// with a parse error, and the run ends in about that time instead of minutes.
fn files_too_slow_to_parse_are_given_up_on() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let head = "const { exec } = require('child_process');\n";
    let cases: Vec<(&str, String)> = vec![
        ("else-if.js", format!("if (a) {{}}{}\n", " else if (a) {}".repeat(N))),
        ("labels.js", format!("{}exec(a);\n", (0..N).map(|i| format!("l{i}: ")).collect::<String>())),
        ("casts.ts", format!("x = {}a;\n", "<A>".repeat(N))),
        // Exponential in swc's TypeScript parser (each unclosed `a<{[b(` is tried as
        // type arguments and again as a comparison): 10 deep took 15 s, 12 over 60 s
        // (release build; found by lint_ts fuzzing).
        ("type-args.ts", format!("let x = {}c;\n", "a<{[b(".repeat(14))),
    ];
    for (name, body) in &cases {
        fs::write(d.join(name), format!("{head}{body}")).unwrap();
    }
    let started = Instant::now();
    let out = run_in(d, &["--file-timeout", "2"], MINUTE);
    let took = started.elapsed();
    let doc = json(&out);
    assert_witness(&doc);
    for (name, _) in &cases {
        let e = errors_for(&doc, name);
        assert_eq!(e.len(), 1, "{name}: {doc}");
        assert_eq!(e[0].0, "parse-error", "{name}: {e:?}");
        assert!(e[0].1.contains("gave up after 2 s") && e[0].1.contains("--file-timeout"), "{name}: {e:?}");
    }
    assert_eq!(out.status.code(), Some(1));
    // Four files on two lint threads: at most two rounds of the limit, plus start-up.
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// A 50 MB bundle on one line, in the shape of real ones (code between large
/// embedded strings), with a real `exec` call in the middle: linted with the finding
/// at its column, and the text report prints it without drawing the 50 MB line.
fn a_50_mb_one_line_bundle_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let blob: String = pseudo_random(3_000, 7).iter().map(|b| (b'a' + b % 26) as char).collect();
    let mut bundle = String::from("var cp=require(\"child_process\");");
    let mut i = 0;
    let mut column = 0;
    while bundle.len() < 50 << 20 {
        bundle.push_str(&format!(
            "var s{i}=\"{blob}\";function f{i}(a,b){{return a.map(function(c){{return c+s{i}.length*b}})}}"
        ));
        if i == 8_000 {
            column = bundle.len() + 1;
            bundle.push_str("cp.exec(\"ls \"+process.argv[2]);");
        }
        i += 1;
    }
    fs::write(d.join("bundle.js"), &bundle).unwrap();
    let started = Instant::now();
    let out = run_in(d, &[], Duration::from_secs(300));
    eprintln!("50 MB bundle linted in {:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(finding_paths(&doc), ["bundle.js", "ok.js"]);
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == "bundle.js").unwrap();
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(1), Some(column as u64)), "{f}");
    let text = run_text(d, &["bundle.js", "ok.js"]);
    let head = format!("bundle.js:1:{column}: error CP001 shell-injection: `exec` runs a shell command");
    assert!(text.contains(&head), "{}", &text[..text.len().min(2000)]);
    assert!(text.contains("(the line is too long to show)"));
    assert!(text.len() < 10_000, "the long line is not printed ({} bytes of output)", text.len());
    assert!(text.contains("ok.js:2:"), "{text}");
}

/// Files are read with as few `read` calls as possible (a short read of a walked
/// regular file is taken as its end; the buffer starts at 64 KiB and grows to 1 MiB,
/// larger files get a buffer of their own): a call site in the very last bytes of a
/// file of each size around those limits must still be found.
fn files_at_read_buffer_limits_are_read_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = [65_535, 65_536, 65_537, 131_072, 1_048_575, 1_048_576, 1_048_577];
    for size in sizes {
        // One comment line of padding, then the vulnerable code as the last bytes.
        let pad = size - VULNERABLE.len() - "/**/\n".len();
        let text = format!("/*{}*/\n{VULNERABLE}", "x".repeat(pad));
        assert_eq!(text.len(), size);
        fs::write(dir.path().join(format!("f{size}.js")), text).unwrap();
    }
    let doc = json(&run_in(dir.path(), &["."], MINUTE));
    let found: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    for size in sizes {
        assert!(found.contains(&(format!("f{size}.js"), 3)), "f{size}.js: {doc}");
    }
    assert_eq!(found.len(), sizes.len(), "{doc}");
}

/// A plain command in `dir` (no `--format` or `--select` of its own), stdin closed.
fn bare(dir: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cplint"));
    c.current_dir(dir)
        .args(args)
        .env_remove("CPLINT_TEST_PANIC")
        .env_remove("CPLINT_TEST_VANISH")
        .env_remove("CPLINT_TEST_WRITE_PAUSE_MS")
        .env("NO_COLOR", "1");
    run_cmd(c, MINUTE)
}

/// A safe fix, and the text after it.
const SAFE: &str = "const { spawn } = require(\"child_process\");\nspawn(\"git status --short\", { timeout: 1 });\n";
const SAFE_FIXED: &str =
    "const { spawn } = require(\"child_process\");\nspawn(\"git\", [\"status\", \"--short\"], { timeout: 1 });\n";

/// Issue 15 item 18: `--diff` reports what could not be linted (on stderr, the diff
/// owns stdout) and exits as a plain run would: 2 for a missing path, 1 for a parse
/// error.
fn diff_reports_missing_paths_and_parse_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("broken.js"), "const cp = require('child_process');\nconst x = (;\n").unwrap();
    let out = bare(d, &["--isolated", "--diff", "missing.js", "broken.js"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing.js") && stderr.contains("No such file"), "{stderr}");
    assert!(stderr.contains("broken.js") && stderr.contains("parse"), "{stderr}");
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = bare(d, &["--isolated", "--diff", "broken.js"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("broken.js"), "{stderr}");
    // A diff and nothing else wrong: as before.
    fs::write(d.join("a.js"), SAFE).unwrap();
    let out = bare(d, &["--isolated", "--diff", "a.js"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("--- a.js\n+++ a.js\n"));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "Would fix 1 problem in 1 file\n");
}

/// Issue 15 item 19: a thread count past the limit is a usage error, not an abort.
fn too_many_threads_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    for n in ["100000", "1025", "0"] {
        let out = bare(d, &["--isolated", "--threads", n, "."]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{n}: {stderr}");
        assert!(stderr.contains("--threads must be between 1 and 1024"), "{n}: {stderr}");
    }
    let out = bare(d, &["--isolated", "--threads", "1024", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_witness(&json(&out));
}

/// Issue 15 item 21: a `cplint.toml` over 1 MB is an error naming its size, found
/// without reading it (this one is sparse, 3 GB); a bad line is quoted in part only.
fn a_huge_config_is_refused_and_a_long_bad_line_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let f = fs::File::create(d.join("cplint.toml")).unwrap();
    f.set_len(3_000_000_000).unwrap();
    drop(f);
    let started = Instant::now();
    let out = bare(d, &["."]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("3000000000 bytes") && stderr.contains("1 MB"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    // One bad line of 100 KB: the message quotes a short excerpt.
    fs::write(d.join("cplint.toml"), format!("[rules]\nshell-injection = \"{}\n", "x".repeat(100_000))).unwrap();
    let out = bare(d, &["."]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cplint.toml:2:"), "{stderr}");
    assert!(stderr.len() < 1_000, "{} bytes on stderr", stderr.len());
}

/// Issue 15 item 21: the search for `cplint.toml` stops at the repository's root
/// (a folder holding `.git`) and at the home folder: a file above them is not read.
fn the_config_search_stops_at_the_repository_root_and_home() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("cplint.toml"), "[rules]\nshell-injection = \"off\"\n").unwrap();
    for stop in ["repo", "home"] {
        let inner = d.join(stop).join("src");
        fs::create_dir_all(&inner).unwrap();
        with_witness(&inner);
        let mut c = Command::new(env!("CARGO_BIN_EXE_cplint"));
        c.current_dir(&inner).args(["--format", "json", "."]);
        if stop == "repo" {
            fs::create_dir(d.join(stop).join(".git")).unwrap();
        } else {
            c.env("HOME", d.join(stop));
        }
        let out = run_cmd(c, MINUTE);
        assert_eq!(out.status.code(), Some(1), "{stop}: {}", String::from_utf8_lossy(&out.stderr));
        assert_witness(&json(&out));
        // A cplint.toml at the root itself is still found.
        fs::write(d.join(stop).join("cplint.toml"), "[rules]\nshell-injection = \"off\"\n").unwrap();
        let mut c = Command::new(env!("CARGO_BIN_EXE_cplint"));
        c.current_dir(&inner).args(["--format", "json", "."]).env("HOME", d.join("home"));
        let doc = json(&run_cmd(c, MINUTE));
        assert!(!doc["findings"].as_array().unwrap().iter().any(|f| f["code"] == "CP001"), "{stop}: {doc}");
    }
}

/// Issue 15 item 22: names that would display alike are two files, each linted and
/// fixed by its real path; `\` in a name is shown as `\\` and bytes that are not
/// UTF-8 as `\xNN`, so their names stay apart.
#[cfg(unix)]
fn names_that_display_alike_are_kept_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let other = SAFE.replace("status --short", "log --oneline");
    let other_fixed = SAFE_FIXED.replace("\"status\", \"--short\"", "\"log\", \"--oneline\"");
    fs::create_dir(d.join("back")).unwrap();
    fs::write(d.join("back/slash.js"), SAFE).unwrap();
    fs::write(d.join("back\\slash.js"), &other).unwrap();
    let (ff, fe) = (OsStr::from_bytes(b"\xff.js"), OsStr::from_bytes(b"\xfe.js"));
    fs::write(d.join(ff), SAFE).unwrap();
    fs::write(d.join(fe), &other).unwrap();
    // Walked, then named (in the order the shell would give them).
    let out = bare(d, &["--isolated", "--format", "json", "."]);
    let mut paths: Vec<String> = json(&out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "CP002")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(paths, ["\\xfe.js", "\\xff.js", "back/slash.js", "back\\\\slash.js"]);
    let mut c = Command::new(env!("CARGO_BIN_EXE_cplint"));
    c.current_dir(d).args(["--isolated", "--fix", "--format", "json"]);
    c.args([OsStr::new("back/slash.js"), OsStr::new("back\\slash.js"), ff, fe]);
    let out = run_cmd(c, MINUTE);
    let doc = json(&out);
    assert_eq!(doc["summary"]["fixed"], 4, "{doc}");
    assert_eq!(fs::read_to_string(d.join("back/slash.js")).unwrap(), SAFE_FIXED);
    assert_eq!(fs::read_to_string(d.join("back\\slash.js")).unwrap(), other_fixed);
    assert_eq!(fs::read_to_string(d.join(ff)).unwrap(), SAFE_FIXED);
    assert_eq!(fs::read_to_string(d.join(fe)).unwrap(), other_fixed);
}

/// Issue 15, also seen: control characters (ESC...) in a file's name and in its
/// source reach the terminal escaped, never raw.
#[cfg(unix)]
fn control_characters_in_names_and_source_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "e\u{1b}[2Jvil\u{7}.js";
    let src = "const { exec } = require('child_process');\n\
               module.exports = (f) => exec('cat \u{1b}]0;pwned\u{7} ' + f); // \u{1b}[31m red \u{9b}2J\n";
    fs::write(d.join(name), src).unwrap();
    for args in [&["--isolated", "."][..], &["--isolated", "--select", "shell-injection", name]] {
        let out = bare(d, args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\u{9b}'), "{stdout:?}");
        assert!(stdout.contains("e\\x1b[2Jvil\\x07.js"), "{stdout}");
        assert!(stdout.contains("exec('cat \\x1b]0;pwned\\x07 ' + f); // \\x1b[31m red \\u{9b}2J"), "{stdout}");
        assert!(stdout.contains("CP001 shell-injection"), "{stdout}");
    }
}

/// Issue 15 item 23: esbuild's ESM output reaches `child_process` through
/// `__require` (its shim, or `createRequire(import.meta.url)`), and a chain of 32
/// aliases still resolves.
fn esbuild_require_shims_and_long_alias_chains_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("shim.mjs"),
        "var __require = /* @__PURE__ */ ((x) => typeof require !== \"undefined\" ? require : typeof Proxy !== \"undefined\" ? new Proxy(x, {\n\
         \x20 get: (a, b) => (typeof require !== \"undefined\" ? require : a)[b]\n\
         }) : x)(function(x) {\n\
         \x20 if (typeof require !== \"undefined\") return require.apply(this, arguments);\n\
         \x20 throw Error('Dynamic require of \"' + x + '\" is not supported');\n\
         });\n\
         var import_child_process = __require(\"child_process\");\n\
         export function run(f) { return (0, import_child_process.exec)(\"cat \" + f); }\n",
    )
    .unwrap();
    fs::write(
        d.join("banner.mjs"),
        "import { createRequire } from \"module\";\n\
         var __require = createRequire(import.meta.url);\n\
         const cp = __require(\"node:child_process\");\n\
         export function run(f) { return cp.exec(\"cat \" + f); }\n",
    )
    .unwrap();
    fs::write(
        d.join("create.mjs"),
        "import { createRequire } from \"node:module\";\n\
         const load = createRequire(import.meta.url);\n\
         export function run(f) { return load(\"child_process\").exec(\"cat \" + f); }\n",
    )
    .unwrap();
    let mut chain = String::from("const cp = require(\"child_process\");\nconst a1 = cp;\n");
    for i in 2..=32 {
        chain.push_str(&format!("const a{i} = a{};\n", i - 1));
    }
    chain.push_str("module.exports = (f) => a32.exec(\"cat \" + f);\n");
    fs::write(d.join("chain.js"), chain).unwrap();
    // A cycle of aliases resolves to nothing, and ends.
    fs::write(
        d.join("cycle.js"),
        "var a = b, b = a;\nconst cp = require('child_process');\nmodule.exports = (f) => a.exec('cat ' + f);\n",
    )
    .unwrap();
    for extra in [&[][..], &["--no-prefilter"]] {
        let out = run_in(d, extra, MINUTE);
        assert_eq!(finding_paths(&json(&out)), ["banner.mjs", "chain.js", "create.mjs", "shim.mjs"], "{extra:?}");
    }
}

/// A class field whose value reads itself (`this.onClick = this.onClick.bind(this)`,
/// as in three.js's inspector) once made resolving `this.onClick` recurse through
/// itself until the depth limit, branching at each step: a 4 KB file that never
/// finished. Here it must be analysed well inside the time limit.
fn a_class_field_that_reads_itself_is_resolved_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_witness(d);
    let mut src = String::from("const cp = require('child_process');\nclass Item {\n  constructor() {\n");
    for name in ["onClick", "onOpen", "toggle", "render"] {
        src.push_str(&format!("    this.{name} = this.{name}.bind(this);\n"));
    }
    src.push_str("    this.proc = this.toggle.bind(this.onOpen.bind(this.onClick(this.render)));\n  }\n");
    src.push_str(
        "  run(x) { this.proc.exec(x); this.onClick.call(this, x); cp.exec('ls ' + x); }\n}\nmodule.exports = Item;\n",
    );
    fs::write(d.join("item.js"), src).unwrap();
    let out = run_in(d, &["--file-timeout", "20"], MINUTE);
    let doc = json(&out);
    assert_witness(&doc);
    assert_eq!(errors_for(&doc, "item.js"), [], "{doc}");
    assert!(finding_paths(&doc).contains(&"item.js".to_string()), "{doc}");
}

test_main! {
    a_class_field_that_reads_itself_is_resolved_once,
    random_bytes_are_a_parse_error_or_a_clean_skip,
    a_directory_named_x_js_is_walked_not_read,
    #[cfg(unix)] a_fifo_named_x_js_is_skipped_or_reported_without_blocking,
    #[cfg(unix)] a_link_to_a_device_is_refused,
    non_utf8_bytes_inside_a_call_keep_positions,
    utf16_files_with_a_bom_are_decoded_both_ways,
    #[cfg(unix)] symlink_loops_end_the_walk,
    a_walked_file_that_vanishes_before_it_is_read_is_an_io_error,
    a_named_path_that_does_not_exist_is_reported_and_the_run_goes_on,
    #[cfg(unix)] an_unreadable_file_is_an_io_error,
    a_file_over_4_gib_is_refused_without_reading_it,
    nesting_100000_deep_without_brackets,
    files_too_slow_to_parse_are_given_up_on,
    a_50_mb_one_line_bundle_is_linted,
    files_at_read_buffer_limits_are_read_to_the_end,
    diff_reports_missing_paths_and_parse_errors,
    too_many_threads_is_a_usage_error,
    a_huge_config_is_refused_and_a_long_bad_line_is_cut,
    the_config_search_stops_at_the_repository_root_and_home,
    #[cfg(unix)] names_that_display_alike_are_kept_apart,
    #[cfg(unix)] control_characters_in_names_and_source_are_shown_escaped,
    esbuild_require_shims_and_long_alias_chains_resolve,
    helpers_calling_helpers_fold_within_a_budget,
}
