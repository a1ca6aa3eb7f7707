//! One snapshot per output format (`text`, `json`, `sarif`, `github`), all of the
//! same small run through the binary: a few fixtures copied into a temporary folder
//! (findings of several rules and severities, a safe and an unsafe fix, display-only
//! advice, a clean file, a suppressed finding shown with `--report-suppressed`, and a
//! file that does not parse). The snapshots are in `tests/snapshots/formats__*.snap`.
//!
//! Normalised: the run's time (`elapsed_ms`), the temporary folder in SARIF's
//! `originalUriBaseIds`, and the rule docs SARIF embeds (checked here against the
//! registry instead, so a doc edit does not churn the snapshot).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::root;

/// The input: (name in the run, fixture it is copied from).
const FILES: &[(&str, &str)] = &[
    ("app/detached.js", "fixtures/seed/invalid_detached.js"),
    ("app/dev.ts", "fixtures/rules/spawn-command-string/invalid_typescript.ts"),
    ("app/pool.js", "fixtures/seed/valid_python_pool.js"),
    ("app/transcode.ts", "fixtures/seed/invalid_exec_transcode.ts"),
];

/// Lays the input out in a fresh folder.
fn input() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, from) in FILES {
        let to = dir.path().join(name);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(root().join(from), &to).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
    // A finding silenced inline, and a file that does not parse.
    let detached = fs::read_to_string(root().join("fixtures/seed/invalid_detached.js")).unwrap();
    let quiet = detached.replace(
        "const server = spawn(",
        "// cplint-disable-next-line detached-without-unref -- stopped by the supervisor\nconst server = spawn(",
    );
    assert_ne!(quiet, detached);
    fs::write(dir.path().join("app/quiet.js"), quiet).unwrap();
    fs::write(dir.path().join("app/broken.js"), "require('child_process');\nconst = ;\n").unwrap();
    dir
}

fn run(dir: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cplint"))
        .current_dir(dir)
        .args(["--isolated", "--report-suppressed", "--color", "never", "--format", format, "."])
        .env("NO_COLOR", "1")
        .env_remove("CPLINT_TEST_PANIC")
        .env_remove("CPLINT_TEST_VANISH")
        .output()
        .expect("cplint runs");
    assert_eq!(out.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn text_report() {
    let dir = input();
    snapshot("text", &run(dir.path(), "text"));
}

#[test]
fn json_report() {
    let dir = input();
    let text = run(dir.path(), "json");
    serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
    let normalised: Vec<String> = text
        .lines()
        .map(|l| match l.split_once("\"elapsed_ms\": ") {
            Some((indent, rest)) => format!("{indent}\"elapsed_ms\": 0{}", if rest.ends_with(',') { "," } else { "" }),
            None => l.to_string(),
        })
        .collect();
    snapshot("json", &(normalised.join("\n") + "\n"));
}

#[test]
fn github_report() {
    let dir = input();
    snapshot("github", &run(dir.path(), "github"));
}

#[test]
fn sarif_report() {
    let dir = input();
    let text = run(dir.path(), "sarif");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let run0 = &mut doc["runs"][0];
    let base = &mut run0["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    assert!(base.as_str().is_some_and(|u| u.starts_with("file:///") && u.ends_with('/')), "{base}");
    *base = "file:///TMP/".into();
    for rule in run0["tool"]["driver"]["rules"].as_array_mut().expect("rules") {
        let name = rule["name"].as_str().expect("name").to_string();
        let meta = cplint::rules::find(&name).expect("a registered rule").meta();
        assert_eq!(rule["help"]["text"], meta.docs().as_str(), "{name}: help.text is the rule's docs");
        assert_eq!(rule["help"]["markdown"], format!("# {name} ({})\n\n{}", meta.code, meta.docs()).as_str());
        let full = rule["fullDescription"]["text"].as_str().expect("fullDescription").to_string();
        let flags = meta.section("What it flags").unwrap_or_default();
        assert!(flags.starts_with(full.trim_end_matches('…')), "{name}: fullDescription is not `What it flags`");
        rule["help"]["text"] = format!("<docs of {name}>").into();
        rule["help"]["markdown"] = format!("# {name} ({})\n\n<docs of {name}>", meta.code).into();
        rule["fullDescription"]["text"] = format!("<What it flags of {name}>").into();
    }
    snapshot("sarif", &(serde_json::to_string_pretty(&doc).unwrap() + "\n"));
}

/// `cplint` run in `dir` with `args`; its stdout.
fn cplint_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cplint"))
        .current_dir(dir)
        .args(["--isolated", "--color", "never"])
        .args(args)
        .output()
        .expect("cplint runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

const EXEC: &str = "const { exec } = require('child_process');\nmodule.exports = (x) => exec(`ls ${x}`);\n";

#[test]
fn sarif_paths_are_relative_to_the_git_top_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path().join("repo");
    fs::create_dir_all(repo.join("pkg/app")).unwrap();
    fs::create_dir_all(tmp.path().join("outside")).unwrap();
    fs::write(repo.join("pkg/app/run.js"), EXEC).unwrap();
    fs::write(tmp.path().join("outside/other.js"), EXEC).unwrap();
    let git = Command::new("git").arg("init").arg("-q").arg(&repo).status();
    if !git.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED because git is not available");
        return;
    }
    let top = fs::canonicalize(&repo).unwrap();
    let doc: serde_json::Value =
        serde_json::from_str(&cplint_in(&repo.join("pkg"), &["-f", "sarif", "app", "../../outside"])).expect("json");
    let run = &doc["runs"][0];
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("root").to_string();
    assert!(root.ends_with(&format!("{}/", top.to_string_lossy())), "{root} is not {}", top.display());
    let mut uris: Vec<(String, Option<String>)> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (loc["uri"].as_str().unwrap().to_string(), loc["uriBaseId"].as_str().map(String::from))
        })
        .collect();
    uris.sort();
    uris.dedup();
    let outside = fs::canonicalize(tmp.path().join("outside/other.js")).unwrap();
    assert_eq!(
        uris,
        [
            (format!("file://{}", outside.to_string_lossy()), None),
            ("pkg/app/run.js".to_string(), Some("%SRCROOT%".to_string())),
        ]
    );
}

#[test]
fn github_says_when_annotations_are_past_what_github_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let few = cplint_in(dir.path(), &["-f", "github", "."]);
    assert_eq!(few, "");
    for i in 0..11 {
        fs::write(dir.path().join(format!("f{i:02}.js")), EXEC).unwrap();
    }
    let out = cplint_in(dir.path(), &["-f", "github", "--select", "shell-injection", "."]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("::error ")).count(), 11, "{out}");
    assert_eq!(
        lines[0],
        "::notice::cplint: 11 errors and 0 warnings; only the first 10 of each level are shown as annotations — see the full report with --format text"
    );
    // Ten of a level: no summary.
    fs::remove_file(dir.path().join("f00.js")).unwrap();
    let out = cplint_in(dir.path(), &["-f", "github", "--select", "shell-injection", "."]);
    assert!(!out.contains("::notice::"), "{out}");
}
