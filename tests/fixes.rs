//! Fix snapshots: every fixture with a fix is fixed (`--fix --unsafe-fixes`) and
//! the change is stored as a unified diff beside it (`<file>.fix.snap`). The fixed
//! text must parse, lose exactly the findings that were fixed, and not change on a
//! second run. The rule folders visited are those of the rules that offer a fix
//! ([`fixing_rules`]: a finding in the rule's own fixtures carries edits), so a new
//! fixing rule is snapshotted without being listed here; `tests/registry.rs` checks
//! that every fixture with a fix has its `.fix.snap`.

mod common;

use std::fs;
use std::path::PathBuf;

use common::*;
use cplint::config::Config;
use cplint::fix::{Mode, unified_diff};
use cplint::lint::fix_source as fix_text;

fn fixture_files(fixing: &[&str]) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![("fixtures/fixes".to_string(), root().join("fixtures/fixes"))];
    for r in fixing {
        dirs.push((format!("fixtures/rules/{r}"), root().join("fixtures/rules").join(r)));
    }
    for (shown_dir, dir) in dirs {
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| cplint::files::lang_for(&p.to_string_lossy()).is_some())
            .collect();
        files.sort();
        for p in files {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            out.push((p, format!("{shown_dir}/{name}")));
        }
    }
    out
}

fn count(report: &cplint::report::FileReport, fixing: &[&str]) -> usize {
    report.findings.iter().filter(|f| fixing.contains(&f.rule.name)).count()
}

fn fix_on_big_stack(shown: &str, text: &str, config: &Config, mode: Mode) -> cplint::fix::Fixed {
    let (shown, text, config) = (shown.to_string(), text.to_string(), config.clone());
    cplint::run::with_pool(1, move || fix_text(&shown, &text, &config, mode))
}

#[test]
fn fixes_are_snapshotted_as_diffs_and_hold() {
    let config = Config::default();
    let fixing = fixing_rules();
    assert!(fixing.len() >= 2, "rules offering a fix: {fixing:?}");
    let mut failures = Vec::new();
    let mut with_fix = 0;
    for (path, shown) in fixture_files(&fixing) {
        let text = read(&path);
        let before = lint(&shown, &text, &config);
        let fixed = fix_on_big_stack(&shown, &text, &config, Mode::Unsafe);
        if fixed.applied == 0 {
            if fixed.text != text {
                failures.push(format!("{shown}: text changed with no fix applied"));
            }
            continue;
        }
        with_fix += 1;
        if !fixed.dropped.is_empty() {
            failures.push(format!("{shown}: fixes dropped: {:?}", fixed.dropped));
        }
        let lang = cplint::files::lang_for(&shown).unwrap_or(cplint::files::Lang::Js);
        if cplint::parse::parse(&fixed.text, lang).is_err() {
            failures.push(format!("{shown}: fixed text does not parse"));
        }
        // Each fix removes its finding. A fix may leave code that another rule
        // reports and fixes in a later round (the rewrite's `execFile("git", [..,
        // ref])` gets argument-injection's `--end-of-options`), so more fixes than
        // findings can be applied; and a fix may change what another rule sees
        // (the rewrite of `spawnSync(`${bin} --version`)` shows a version query,
        // which missing-timeout does not report), and an edit may appear only
        // after an earlier fix (`cp.exec.bind(cp)` once `execFile` is imported).
        // A finding vanishing without an edit of its own is an error only when
        // neither explains it: more findings gone than fixes applied, and more of
        // one rule's findings gone than that rule offered edits. There are never
        // more findings at the end than at the start.
        let (b, a, l) = (count(&before, &fixing), fixed.applied, count(&fixed.report, &fixing));
        let too_many_gone: Vec<String> = fixing
            .iter()
            .filter_map(|r| {
                let of = |rep: &cplint::report::FileReport| rep.findings.iter().filter(|f| f.rule.name == *r).count();
                let edits = before
                    .findings
                    .iter()
                    .filter(|f| f.rule.name == *r && f.fix.as_ref().is_some_and(|x| !x.edits.is_empty()))
                    .count();
                let gone = of(&before).saturating_sub(of(&fixed.report));
                (gone > edits).then(|| format!("{r}: {gone} gone, {edits} with an edit"))
            })
            .collect();
        if (l + a < b && !too_many_gone.is_empty()) || l > b {
            failures.push(format!(
                "{shown}: {b} findings before, {a} fixes applied, {l} left ({})",
                too_many_gone.join("; ")
            ));
        }
        let again = fix_on_big_stack(&shown, &fixed.text, &config, Mode::Unsafe);
        if again.applied != 0 || again.text != fixed.text {
            failures.push(format!("{shown}: a second --fix changed the file again"));
        }
        let diff = unified_diff(&shown, &text, &fixed.text);
        let name = format!("{}.fix", path.file_name().unwrap_or_default().to_string_lossy());
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(path.parent().unwrap_or(&root()));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(name, diff));
    }
    assert!(with_fix >= 10, "only {with_fix} fixture files had a fix");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn safe_mode_applies_only_safe_fixes() {
    let text = "const { spawn, exec } = require(\"child_process\");\n\
                exports.a = () => spawn(\"git status --short\", { timeout: 1000 });\n\
                exports.b = (f, cb) => exec(\"cat \" + f, { timeout: 1000 }, cb);\n";
    let config = Config::default();
    let safe = fix_on_big_stack("x.js", text, &config, Mode::Safe);
    assert_eq!(safe.applied, 1);
    assert!(safe.text.contains("spawn(\"git\", [\"status\", \"--short\"]"), "{}", safe.text);
    assert!(safe.text.contains("exec(\"cat \" + f"), "unsafe fix applied in safe mode:\n{}", safe.text);
    let all = fix_on_big_stack("x.js", text, &config, Mode::Unsafe);
    assert_eq!(all.applied, 2);
    assert!(all.text.contains("execFile(\"cat\", [f]"), "{}", all.text);
}

#[test]
fn display_only_advice_never_edits() {
    let path = root().join("fixtures/fixes/display_only.js");
    let text = read(&path);
    let report = lint("fixtures/fixes/display_only.js", &text, &Config::default());
    let advice: Vec<&str> = report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .inspect(|f| assert!(f.edits.is_empty(), "display-only fix with edits: {f:?}"))
        .map(|f| f.title.as_str())
        .collect();
    assert_eq!(advice.len(), 5, "{advice:?}");
    for (needle, what) in [
        ("pipeline", "pipe"),
        ("glob", "glob"),
        ("os.homedir()", "tilde"),
        ("`env` option", "env assignment"),
        ("`cwd` option", "builtin"),
    ] {
        assert!(advice.iter().any(|a| a.contains(needle)), "no {what} advice in {advice:?}");
    }
}

#[test]
fn line_endings_and_bom_survive() {
    let path = root().join("fixtures/fixes/crlf_bom.js");
    let bytes = fs::read(&path).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "fixture lost its BOM");
    let text = String::from_utf8(bytes).unwrap();
    let fixed = fix_on_big_stack("crlf_bom.js", &text, &Config::default(), Mode::Unsafe);
    // The rewrite to `execFile`, then argument-injection's `--end-of-options`.
    assert_eq!(fixed.applied, 2);
    assert!(fixed.text.starts_with('\u{feff}'));
    assert_eq!(fixed.text.matches("\r\n").count(), text.matches("\r\n").count());
    assert!(!fixed.text.replace("\r\n", "").contains('\n'), "a bare LF was introduced");
}
