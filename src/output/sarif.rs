//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (SPEC §6).
//!
//! One run, `automationDetails.id` `cplint/` (code scanning tells runs of
//! different tools apart by it). `tool.driver.rules` lists every rule in code order,
//! so a result's `ruleIndex` is the same in every report; each has a `helpUri` to
//! its page. Positions are 1-based with an exclusive `endColumn`, columns in
//! Unicode code points. Paths are relative, percent-encoded URIs under `%SRCROOT%`:
//! the git repository's top folder when the working directory is inside one (so
//! they match the repository's paths wherever cplint runs from), else the working
//! directory; files outside it keep absolute `file:` URIs. Suppressed findings are
//! only present when the run was asked to report them, and then carry an
//! `inSource` suppression with the directive's `-- reason` as `justification`.
//! GitHub accepts at most 25,000 results per run: past that the first 25,000 are
//! kept and a warning notification says how many were left out.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use super::RunReport;
use super::fingerprint;
use crate::emit::Safety;
use crate::lines::LineIndex;
use crate::report::{ErrorKind, Finding};
use crate::rules;
use crate::vocab::{Category, HOME_URL, RuleMeta, Severity};

pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// GitHub code scanning accepts at most this many results per run.
pub const MAX_RESULTS: usize = 25_000;

/// `run.automationDetails.id`: the category GitHub tells cplint's runs apart by.
pub const AUTOMATION_ID: &str = "cplint/";

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Off => "none",
    }
}

/// SARIF's short descriptions are limited to 1024 characters.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let (precision, security_severity) = (meta.precision, meta.security_severity);
    let mut tags = vec![
        match meta.category {
            Category::Security => "security",
            Category::Reliability => "reliability",
        }
        .to_string(),
    ];
    tags.extend(meta.cwe.iter().map(|c| format!("external/cwe/cwe-{c:03}")));
    let mut properties = json!({ "tags": tags, "precision": precision });
    if let Some(s) = security_severity {
        properties["security-severity"] = json!(s);
    }
    let full = meta.section("What it flags").filter(|s| !s.is_empty()).unwrap_or_else(|| meta.summary.to_string());
    let docs = meta.docs();
    let mut config = json!({ "level": level(meta.default_severity) });
    if meta.default_severity == Severity::Off {
        // An off rule runs at `warning` once selected.
        config = json!({ "enabled": false, "level": "warning" });
    }
    let mut d = json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": clip(meta.summary, 1024) },
        "fullDescription": { "text": clip(&full, 1024) },
        "help": {
            "text": docs,
            "markdown": format!("# {} ({})\n\n{}", meta.name, meta.code, docs),
        },
        "defaultConfiguration": config,
        "properties": properties,
    });
    d["helpUri"] = json!(meta.url());
    d
}

/// Percent-encodes a `/`-separated relative path for a URI: every byte outside
/// RFC 3986's unreserved set (and `/`) becomes `%XX`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where report paths (relative to the working directory) are resolved from, and
/// the folder `%SRCROOT%` stands for.
pub struct Base {
    /// The working directory.
    pub cwd: PathBuf,
    /// `%SRCROOT%`: the git top folder holding `cwd`, else `cwd`.
    pub root: PathBuf,
}

impl Base {
    /// The working directory and its repository's top folder (git asked once).
    pub fn detect() -> Option<Base> {
        let cwd = std::env::current_dir().ok()?;
        let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
        let root = crate::git::toplevel(&cwd).ok().map(|t| std::fs::canonicalize(&t).unwrap_or(t));
        Some(Base { root: root.filter(|r| cwd.starts_with(r)).unwrap_or_else(|| cwd.clone()), cwd })
    }

    /// A report path as a `/`-separated path relative to `root`, when it is
    /// relative and lies under it. A relative path outside the repository becomes
    /// absolute (a `file:` URI: relative to `%SRCROOT%` it would name another file);
    /// absolute paths, and every path when `root` is the working directory, are
    /// kept as reported.
    pub fn relative(&self, path: &str) -> String {
        let p = Path::new(path);
        if path.is_empty() || p.is_absolute() || path.as_bytes().get(1) == Some(&b':') {
            return path.to_string();
        }
        let mut abs = PathBuf::new();
        for c in self.cwd.join(p).components() {
            match c {
                Component::ParentDir => {
                    abs.pop();
                }
                Component::CurDir => {}
                c => abs.push(c),
            }
        }
        if self.root == self.cwd {
            return path.to_string();
        }
        match abs.strip_prefix(&self.root) {
            Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
            Err(_) => abs.to_string_lossy().into_owned(),
        }
    }
}

/// An artifact location for a report path: relative under `%SRCROOT%`, or an
/// absolute `file:` URI for paths outside the working directory.
fn artifact_location(path: &str) -> Value {
    let p = path.replace('\\', "/");
    if p.starts_with('/') {
        return json!({ "uri": format!("file://{}", encode_path(&p)) });
    }
    if p.as_bytes().get(1) == Some(&b':') {
        // A Windows drive path such as `C:/src/a.js`.
        return json!({ "uri": format!("file:///{}{}", &p[..2], encode_path(&p[2..])) });
    }
    json!({ "uri": encode_path(&p), "uriBaseId": "%SRCROOT%" })
}

/// `%SRCROOT%` itself: `root` as a `file:` URI ending in `/`.
fn src_root(root: &Path) -> Option<String> {
    let mut s = root.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    if !s.ends_with('/') {
        s.push('/');
    }
    Some(format!("file://{}", encode_path(&s)))
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({ "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column })
}

/// The result for one finding. `index` is over the file's source (for labels);
/// `hashes` are its line hashes.
fn result(path: &str, f: &Finding, index: Option<&LineIndex<'_>>, hashes: &[String], suppressed: bool) -> Value {
    let rule_index = rules::all().iter().position(|r| r.meta().code == f.rule.code).unwrap_or(0);
    let mut r = json!({
        "ruleId": f.rule.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(path),
                "region": region(f.line, f.column, f.end_line, f.end_column),
            }
        }],
    });
    if let Some(index) = index {
        let related: Vec<Value> = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (line, column) = index.position(l.start);
                let (end_line, end_column) = index.position(l.end);
                json!({
                    "id": i + 1,
                    "message": { "text": l.text },
                    "physicalLocation": {
                        "artifactLocation": artifact_location(path),
                        "region": region(line, column, end_line, end_column),
                    }
                })
            })
            .collect();
        if !related.is_empty() {
            r["relatedLocations"] = json!(related);
        }
    }
    if let Some(hash) = hashes.get(f.line.wrapping_sub(1)) {
        r["partialFingerprints"] = json!({ "primaryLocationLineHash": hash });
    }
    if let Some(fix) = f.fix.as_ref().filter(|x| x.safety == Safety::Safe && !x.edits.is_empty()) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(e.line, e.column, e.end_line, e.end_column),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        r["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{ "artifactLocation": artifact_location(path), "replacements": replacements }],
        }]);
    }
    if suppressed {
        let mut s = json!({ "kind": "inSource" });
        if let Some(reason) = &f.suppression_reason {
            s["justification"] = json!(reason);
        }
        r["suppressions"] = json!([s]);
    }
    r
}

fn notification(path: Option<&str>, kind: Option<ErrorKind>, message: &str, pos: Option<(usize, usize)>) -> Value {
    let (id, lvl) = match kind {
        Some(ErrorKind::ParseError) => ("parse-error", "error"),
        Some(ErrorKind::Io) | None => ("io-error", "error"),
        Some(ErrorKind::Internal) => ("internal-error", "error"),
        Some(ErrorKind::Directive) => ("directive-error", "error"),
        Some(ErrorKind::UnusedDirective) => ("unused-directive", "warning"),
    };
    let mut n = json!({ "descriptor": { "id": id }, "level": lvl, "message": { "text": message } });
    if let Some(path) = path.filter(|p| !p.is_empty()) {
        let mut phys = json!({ "artifactLocation": artifact_location(path) });
        if let Some((line, column)) = pos {
            phys["region"] = json!({ "startLine": line, "startColumn": column });
        }
        n["locations"] = json!([{ "physicalLocation": phys }]);
    }
    n
}

/// The whole SARIF document, paths relative to the working directory's repository.
pub fn document(report: &RunReport) -> Value {
    document_in(report, Base::detect().as_ref(), MAX_RESULTS)
}

/// The document with paths under `base` (`None`: as reported, no `%SRCROOT%`
/// location) and at most `max_results` results.
pub fn document_in(report: &RunReport, base: Option<&Base>, max_results: usize) -> Value {
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut left_out = 0usize;
    for file in &report.files {
        let path = base.map(|b| b.relative(&file.path)).unwrap_or_else(|| file.path.clone());
        if !file.findings.is_empty() || !file.suppressed.is_empty() {
            let index = file.source.as_deref().map(LineIndex::new);
            let hashes = file.source.as_deref().map(fingerprint::line_hashes).unwrap_or_default();
            let mut all: Vec<(&Finding, bool)> =
                file.findings.iter().map(|f| (f, false)).chain(file.suppressed.iter().map(|f| (f, true))).collect();
            all.sort_by(|a, b| (a.0.line, a.0.column, a.0.rule.code).cmp(&(b.0.line, b.0.column, b.0.rule.code)));
            for (f, suppressed) in all {
                if results.len() < max_results {
                    results.push(result(&path, f, index.as_ref(), &hashes, suppressed));
                } else {
                    left_out += 1;
                }
            }
        }
        for e in &file.errors {
            let message =
                if file.path.is_empty() { e.message.clone() } else { format!("{}: {}", file.path, e.message) };
            notifications.push(notification(Some(&path), Some(e.kind), &message, e.position));
        }
    }
    if left_out > 0 {
        let text = format!(
            "{left_out} of {} results were left out: GitHub code scanning accepts at most {max_results} per run (the first {max_results} are kept); see them all with --format text or json",
            left_out + results.len()
        );
        notifications.push(json!({
            "descriptor": { "id": "too-many-results" },
            "level": "warning",
            "message": { "text": text },
        }));
    }
    for (path, message) in &report.run_errors {
        let text = if path.is_empty() { message.clone() } else { format!("{path}: {message}") };
        notifications.push(notification(None, None, &text, None));
    }
    let successful = report.error_count(ErrorKind::Internal) == 0 && report.run_errors.is_empty();

    let driver = json!({
        "name": "cplint",
        "informationUri": HOME_URL,
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules::metas().map(rule_descriptor).collect::<Vec<_>>(),
    });
    let mut run = json!({
        "tool": { "driver": driver },
        "automationDetails": { "id": AUTOMATION_ID },
        "invocations": [{
            "executionSuccessful": successful,
            "toolExecutionNotifications": notifications,
        }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = base.and_then(|b| src_root(&b.root)) {
        run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
    }
    json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] })
}

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report)).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{Edit, Fix, Label};
    use crate::report::FileReport;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("src/a b/ü#1.js"), "src/a%20b/%C3%BC%231.js");
        assert_eq!(artifact_location("src/x.js")["uriBaseId"], "%SRCROOT%");
        assert_eq!(artifact_location("/abs/x y.js"), json!({ "uri": "file:///abs/x%20y.js" }));
    }

    #[test]
    fn every_rule_has_sarif_properties() {
        for meta in rules::metas() {
            assert!(matches!(meta.precision, "very-high" | "high" | "medium" | "low"), "{}", meta.code);
            let score = meta.security_severity.map(|s| s.parse::<f64>().unwrap_or(0.0));
            assert_eq!(score.is_some(), meta.category == Category::Security, "{}", meta.code);
            if let Some(score) = score {
                assert!(score > 0.0 && score <= 10.0, "{}: security_severity must be 0.1-10", meta.code);
            }
        }
    }

    fn finding(src: &str, fix: Option<Fix>) -> Finding {
        let start = src.find("exec(").unwrap();
        let end = src[start..].find(')').unwrap() + start + 1;
        let arg = src.find("'ls").unwrap();
        Finding {
            rule: crate::rules::find("CP001").unwrap().meta(),
            severity: Severity::Error,
            start,
            end,
            line: 2,
            column: 1,
            end_line: 2,
            end_column: 1 + src[start..end].chars().count(),
            primary: Label { start, end: start + 4, text: "shell".into() },
            message: "command".into(),
            help: None,
            note: None,
            labels: vec![Label { start: arg, end: arg + 9, text: "built here".into() }],
            fix,
            suppression_reason: None,
        }
    }

    #[test]
    fn safe_fixes_become_sarif_fixes_and_labels_related_locations() {
        let src = "const { exec } = require('child_process');\nexec('ls ' + d);\n";
        let start = src.find("exec(").unwrap();
        let mut edit = Edit::new(start, start + 4, "execFile");
        (edit.line, edit.column, edit.end_line, edit.end_column) = (2, 1, 2, 5);
        let safe = Fix { safety: Safety::Safe, title: "use execFile".into(), edits: vec![edit.clone()] };
        let unsafe_fix = Fix { safety: Safety::Unsafe, title: "use execFile".into(), edits: vec![edit] };
        let file = |fix| FileReport {
            path: "src/a b.js".into(),
            source: Some(src.into()),
            findings: vec![finding(src, fix)],
            parsed: true,
            ..Default::default()
        };
        let report = |f| RunReport {
            files: vec![f],
            files_scanned: 1,
            elapsed_ms: 0,
            run_errors: vec![],
            show_statistics: false,
            fixed: 0,
        };
        let doc = document(&report(file(Some(safe))));
        let r = &doc["runs"][0]["results"][0];
        assert_eq!(r["ruleId"], "CP001");
        assert_eq!(r["ruleIndex"], 0);
        assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/a%20b.js");
        assert_eq!(r["relatedLocations"][0]["physicalLocation"]["region"], region(2, 6, 2, 15));
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "built here");
        let fix = &r["fixes"][0];
        assert_eq!(fix["description"]["text"], "use execFile");
        let rep = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(rep["deletedRegion"], region(2, 1, 2, 5));
        assert_eq!(rep["insertedContent"]["text"], "execFile");
        assert_eq!(r["partialFingerprints"]["primaryLocationLineHash"], fingerprint::line_hashes(src)[1].as_str());
        // Unsafe fixes are not offered to code scanning.
        let doc = document(&report(file(Some(unsafe_fix))));
        assert!(doc["runs"][0]["results"][0].get("fixes").is_none());
    }

    fn run_of(files: Vec<FileReport>) -> RunReport {
        RunReport { files, files_scanned: 1, elapsed_ms: 0, run_errors: vec![], show_statistics: false, fixed: 0 }
    }

    #[test]
    fn driver_rules_and_run_carry_links_and_an_automation_id() {
        let doc = document_in(&run_of(vec![]), None, MAX_RESULTS);
        let run = &doc["runs"][0];
        assert_eq!(run["tool"]["driver"]["informationUri"], HOME_URL);
        assert_eq!(run["automationDetails"]["id"], "cplint/");
        for (rule, meta) in run["tool"]["driver"]["rules"].as_array().unwrap().iter().zip(rules::metas()) {
            assert_eq!(rule["helpUri"], meta.url().as_str());
        }
    }

    #[test]
    fn paths_are_relative_to_the_repository_top_folder() {
        let base = Base { cwd: "/repo/pkg/app".into(), root: "/repo".into() };
        assert_eq!(base.relative("src/a.js"), "pkg/app/src/a.js");
        assert_eq!(base.relative("./src/../b.js"), "pkg/app/b.js");
        assert_eq!(base.relative("../../x.js"), "x.js");
        // Outside the repository: absolute; absolute paths as reported.
        assert_eq!(base.relative("../../../elsewhere/y.js"), "/elsewhere/y.js");
        assert_eq!(base.relative("/abs/z.js"), "/abs/z.js");
        // Not in a repository: `%SRCROOT%` is the working directory, paths as reported.
        let plain = Base { cwd: "/w".into(), root: "/w".into() };
        assert_eq!(plain.relative("../y.js"), "../y.js");
        let src = "const { exec } = require('child_process');\nexec('ls ' + d);\n";
        let file = FileReport {
            path: "src/a.js".into(),
            source: Some(src.into()),
            findings: vec![finding(src, None)],
            errors: vec![crate::report::FileError {
                kind: ErrorKind::ParseError,
                message: "bad".into(),
                position: Some((1, 1)),
                offset: None,
            }],
            parsed: true,
            ..Default::default()
        };
        let doc = document_in(&run_of(vec![file]), Some(&base), MAX_RESULTS);
        let run = &doc["runs"][0];
        let loc = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc, &json!({ "uri": "pkg/app/src/a.js", "uriBaseId": "%SRCROOT%" }));
        let note = &run["invocations"][0]["toolExecutionNotifications"][0];
        assert_eq!(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "pkg/app/src/a.js");
        assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///repo/");
    }

    #[test]
    fn suppressions_carry_the_directive_reason() {
        let src = "const { exec } = require('child_process');\nexec('ls ' + d);\n";
        let mut quiet = finding(src, None);
        quiet.suppression_reason = Some("d is a constant".into());
        let file = FileReport {
            path: "a.js".into(),
            source: Some(src.into()),
            suppressed: vec![quiet, finding(src, None)],
            parsed: true,
            ..Default::default()
        };
        let doc = document_in(&run_of(vec![file]), None, MAX_RESULTS);
        let results = &doc["runs"][0]["results"];
        assert_eq!(results[0]["suppressions"], json!([{ "kind": "inSource", "justification": "d is a constant" }]));
        assert_eq!(results[1]["suppressions"], json!([{ "kind": "inSource" }]));
    }

    #[test]
    fn results_past_the_limit_are_left_out_with_a_warning() {
        assert_eq!(MAX_RESULTS, 25_000);
        let src = "const { exec } = require('child_process');\nexec('ls ' + d);\n";
        let file = FileReport {
            path: "a.js".into(),
            source: Some(src.into()),
            findings: vec![finding(src, None); 5],
            parsed: true,
            ..Default::default()
        };
        let doc = document_in(&run_of(vec![file]), None, 3);
        let run = &doc["runs"][0];
        assert_eq!(run["results"].as_array().unwrap().len(), 3);
        let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0]["level"], "warning");
        assert_eq!(notes[0]["descriptor"]["id"], "too-many-results");
        assert!(notes[0]["message"]["text"].as_str().unwrap().starts_with("2 of 5 results were left out"));
        // At the limit, nothing is left out and nothing is said.
        let doc = document_in(&run_of(vec![]), None, 3);
        assert!(doc["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap().is_empty());
    }
}
