//! The integrations of issue 5 end to end: SARIF, configuration (exclude globs,
//! wrappers, every error path), `--force-exclude`, `--report-suppressed`.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cplint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("cplint").expect("binary built");
    c.env_remove("CPLINT_TEST_PANIC").env("NO_COLOR", "1").current_dir(dir);
    c
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

const VULNERABLE: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => exec('cat ' + f);\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
    fs::write(p, text).expect("write");
}

/// Paths of the JSON report's findings, sorted.
fn finding_paths(doc: &Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn sarif_has_every_rule_and_well_formed_results() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "src/my file.js", VULNERABLE);
    write(d, "src/broken.js", "require('child_process');\nconst = ;\n");
    let out = cplint(d).args(["--format", "sarif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "same exit code as the other formats");
    let doc = json(&out);
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-schema-2.1.0.json"));
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap().ends_with('/'));
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cplint");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let codes: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = cplint::rules::metas().map(|m| m.code).collect();
    assert_eq!(codes, expected, "every rule, in code order");
    let cp001 = &rules[0];
    assert_eq!(cp001["name"], "shell-injection");
    assert_eq!(cp001["properties"]["security-severity"], "9.8", "a string, not a number");
    let tags: Vec<&str> = cp001["properties"]["tags"].as_array().unwrap().iter().filter_map(|t| t.as_str()).collect();
    assert_eq!(tags, ["security", "external/cwe/cwe-078"]);
    assert!(cp001["help"]["markdown"].as_str().unwrap().contains("## Why it matters"));
    assert_eq!(cp001["defaultConfiguration"]["level"], "error");
    let off = rules.iter().find(|r| r["name"] == "orphaned-child").unwrap();
    assert_eq!(off["defaultConfiguration"]["enabled"], false);
    assert_eq!(rules[2]["properties"]["tags"][0], "reliability");
    assert!(rules[2]["properties"].get("security-severity").is_none());
    for r in rules {
        assert!(r["shortDescription"]["text"].as_str().unwrap().chars().count() <= 1024);
        assert!(r["fullDescription"]["text"].as_str().unwrap().chars().count() <= 1024);
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    let r = &results[0];
    assert_eq!(r["ruleId"], "CP001");
    assert_eq!(r["ruleIndex"], 0);
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "src/my%20file.js");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(loc["region"]["startColumn"], 25);
    assert_eq!(loc["region"]["endColumn"], 41, "exclusive end");
    assert!(r["relatedLocations"].as_array().is_some_and(|l| !l.is_empty()));
    let hash = r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap();
    assert!(hash.ends_with(":1") && hash.len() > 10, "{hash}");

    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], true, "a parse error is not a tool failure");
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["descriptor"]["id"], "parse-error");
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/broken.js");
    assert_eq!(notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

#[test]
fn sarif_fingerprint_survives_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hash_and_line = |d: &Path| {
        let doc = json(&cplint(d).args(["--format", "sarif", "a.js"]).output().unwrap());
        let r = doc["runs"][0]["results"][0].clone();
        (
            r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap().to_string(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
        )
    };
    write(d, "a.js", VULNERABLE);
    let (before, line_before) = hash_and_line(d);
    write(d, "a.js", &format!("'use strict';\n// Copyright header\n\n{VULNERABLE}"));
    let (after, line_after) = hash_and_line(d);
    assert_eq!(line_after, line_before + 3);
    assert_eq!(before, after);
    write(d, "a.js", &VULNERABLE.replace("cat ", "head "));
    let (edited, _) = hash_and_line(d);
    assert_ne!(before, edited, "editing the flagged line changes its hash");
}

#[test]
fn every_config_error_exits_2_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.js", VULNERABLE);
    let cases: &[(&str, &str)] = &[
        ("[rules\n", "cplint.toml"),
        ("colour = true\n", "colour"),
        ("[rules]\nno-such-rule = \"off\"\n", "unknown rule `no-such-rule`"),
        ("[rules]\nshell-injection = \"loud\"\n", "error, warning, note, off"),
        ("exclude = [\"src/[a\"]\n", "src/[a"),
        ("exclude = \"dist\"\n", "exclude"),
        ("[[wrappers]]\nmodule = \"./sh\"\nlike = \"exec\"\nexprot = \"run\"\n", "exprot"),
        ("[[wrappers]]\nmodule = \"./sh\"\nlike = \"system\"\n", "wrappers[0].like"),
        ("[[wrappers]]\nlike = \"exec\"\n", "module"),
    ];
    for (toml, needle) in cases {
        write(d, "cplint.toml", toml);
        cplint(d)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(*needle).and(predicate::str::contains("cplint: error")));
    }
    // `--config` with a file that does not exist.
    cplint(d).args(["--config", "nope.toml"]).assert().code(2).stderr(predicate::str::contains("nope.toml"));
}

#[test]
fn exclude_globs_skip_paths_while_walking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for p in ["src/a.js", "src/gen/b.ts", "dist/c.js", "src/d.min.js", "pkg/dist/e.js", "src/f.mjs"] {
        write(d, p, VULNERABLE);
    }
    write(d, "cplint.toml", "exclude = [\"dist\", \"*.min.js\", \"src/gen/**\", \"./src/f.mjs\"]\n");
    let out = cplint(d).args(["--format", "json"]).output().unwrap();
    assert_eq!(finding_paths(&json(&out)), ["src/a.js"]);
    // Globs are relative to cplint.toml, also when run from a subfolder.
    let out = cplint(&d.join("src")).args(["--format", "json"]).output().unwrap();
    assert_eq!(finding_paths(&json(&out)), ["a.js"]);
    // A path named on the command line is linted anyway (no --force-exclude), a
    // folder too; globs still apply to what is inside it.
    let out = cplint(d).args(["--format", "json", "dist", "src/gen/b.ts", "src/gen"]).output().unwrap();
    assert_eq!(finding_paths(&json(&out)), ["dist/c.js", "src/gen/b.ts"]);
    let out = cplint(d).args(["--format", "json", "pkg"]).output().unwrap();
    assert!(finding_paths(&json(&out)).is_empty(), "pkg/dist is excluded by name");
    // ... and --isolated ignores the config's globs too.
    let out = cplint(d).args(["--format", "json", "--isolated"]).output().unwrap();
    assert_eq!(finding_paths(&json(&out)).len(), 6);
}

#[test]
fn force_exclude_applies_globs_to_named_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for p in ["src/a.js", "dist/c.js", "src/gen/b.ts"] {
        write(d, p, VULNERABLE);
    }
    write(d, "cplint.toml", "exclude = [\"dist\", \"src/gen\"]\n");
    let out = cplint(d).args(["--format", "json", "--force-exclude", "dist/c.js", "src/a.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(finding_paths(&json(&out)), ["src/a.js"]);
    // Every named path excluded (a pre-commit hook passing only generated files):
    // exit 0, nothing printed, whatever the format.
    for format in ["text", "json", "sarif", "github"] {
        cplint(d)
            .args(["--format", format, "--force-exclude", "dist/c.js", "src/gen/b.ts", "./src/gen"])
            .assert()
            .code(0)
            .stdout("")
            .stderr("");
    }
    // Without the flag they are linted.
    cplint(d).args(["dist/c.js"]).assert().code(1);
    // Source on stdin under an excluded name.
    cplint(d)
        .args(["--force-exclude", "--stdin-filename", "dist/x.js"])
        .write_stdin(VULNERABLE)
        .assert()
        .code(0)
        .stdout("");
    cplint(d).args(["--stdin-filename", "dist/x.js"]).write_stdin(VULNERABLE).assert().code(1);
}

const SUPPRESSED: &str = "const { exec } = require('child_process');
module.exports = (a, b) => {
  // cplint-disable-next-line shell-injection -- checked by the caller
  exec('cat ' + a);
  exec('cat ' + b);
};
";

#[test]
fn report_suppressed_marks_suppressed_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.js", SUPPRESSED);
    let args = ["--select", "shell-injection"];

    let doc = json(&cplint(d).args(args).args(["--format", "json"]).output().unwrap());
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1);
    assert!(f[0].get("suppressed").is_none(), "only suppressed findings carry the field");

    let out = cplint(d).args(args).args(["--format", "json", "--report-suppressed"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!((f[0]["line"].as_u64(), f[0]["suppressed"].as_bool()), (Some(4), Some(true)));
    assert_eq!(f[1]["line"], 5);
    assert!(f[1].get("suppressed").is_none());
    assert_eq!(doc["summary"]["findings"], 1, "suppressed findings are not counted");
    assert!(doc["errors"].as_array().unwrap().is_empty(), "the directive is used");

    let sarif = |extra: &[&str]| {
        let doc = json(&cplint(d).args(args).args(["--format", "sarif"]).args(extra).output().unwrap());
        doc["runs"][0]["results"].as_array().unwrap().clone()
    };
    let plain = sarif(&[]);
    assert_eq!(plain.len(), 1, "GitHub ignores suppressions: suppressed findings are left out");
    assert!(plain[0].get("suppressions").is_none());
    let all = sarif(&["--report-suppressed"]);
    assert_eq!(all.len(), 2);
    // The directive's `-- reason` becomes the justification (issue 18).
    assert_eq!(
        all[0]["suppressions"],
        serde_json::json!([{ "kind": "inSource", "justification": "checked by the caller" }])
    );
    assert!(all[1].get("suppressions").is_none());

    // Text: a line per suppressed finding, after the frames, and a count apart.
    let out = cplint(d).args(args).arg("--report-suppressed").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("a.js:4:3: suppressed CP001 shell-injection: "), "{text}");
    assert!(!text.contains("a.js:5:3: suppressed"), "{text}");
    assert!(
        text.contains(
            "Found 1 problem (1 error, 0 warnings) in 1 of 1 file; 1 suppressed by `cplint-disable` comments"
        ),
        "{text}"
    );
    let plain = cplint(d).args(args).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("suppressed"), "listed only when asked for");

    // Only suppressed findings: exit 0 even when they are reported.
    write(d, "a.js", &SUPPRESSED.replace("  exec('cat ' + b);\n", ""));
    let out = cplint(d).args(args).args(["--report-suppressed", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "a file whose only finding is suppressed still lists it: {doc}");
    assert_eq!(f[0]["suppressed"], true);
    assert_eq!(
        (doc["summary"]["findings"].as_u64(), doc["summary"]["files_with_findings"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn wrappers_from_the_config_are_resolved_through_imports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lib/sh.js",
        "const cp = require('child_process');\nexports.run = (c, cb) => cp.exec('nice ' + 'true', { timeout: 1 }, cb);\n",
    );
    write(
        d,
        "src/api/use.js",
        r#"const { run } = require('../../lib/sh');
const sh = require('../../lib/sh.js');
function runLocal(x) { return x; }
module.exports = function handler(name) {
  run('convert ' + name, (err) => { if (err) throw err; });
  sh.run(`rm ${name}`, () => {});
  runLocal('ls ' + name);
  sh.other('ls ' + name);
};
"#,
    );
    write(
        d,
        "src/esm.mjs",
        r#"import spawnIt from "@acme/proc";
import { run as go } from "../lib/sh/index.js";
import * as shell from "../lib/sh";
export async function f(user) {
  await go(`id ${user}`);
  shell.run("finger " + user);
  spawnIt("sh", ["-c", "id " + user]);
}
"#,
    );
    write(d, "src/other.js", "const run = require('./sh').run;\nmodule.exports = (x) => run('ls ' + x);\n");
    let select = ["--select", "shell-injection", "--format", "json"];
    let lines = |doc: &Value| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] != "lib/sh.js")
            .map(|f| (f["path"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
            .collect();
        v.sort();
        v
    };
    let doc = json(&cplint(d).args(select).output().unwrap());
    assert_eq!(lines(&doc), Vec::<(String, u64)>::new(), "no wrappers declared: nothing to see");

    write(
        d,
        "cplint.toml",
        r#"[[wrappers]]
module = "./lib/sh"
export = "run"
like = "exec"

[[wrappers]]
module = "@acme/proc"
like = "spawn"
"#,
    );
    let doc = json(&cplint(d).args(select).output().unwrap());
    let s = |p: &str, l: u64| (p.to_string(), l);
    assert_eq!(
        lines(&doc),
        [s("src/api/use.js", 5), s("src/api/use.js", 6), s("src/esm.mjs", 5), s("src/esm.mjs", 6), s("src/esm.mjs", 7)],
        "`runLocal`, `sh.other` and `./sh` from src/ (another module) are not wrappers"
    );
    let msg = doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == "src/api/use.js").unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("./lib/sh"), "{msg}");
    // The pre-filter lets files through that only import a wrapper.
    let doc = json(&cplint(d).args(select).arg("--no-prefilter").output().unwrap());
    assert_eq!(lines(&doc).len(), 5);
}
