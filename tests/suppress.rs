//! Inline directives (src/suppress.rs): regression tests of issue 18 item 6.

use cplint::config::Config;
use cplint::report::ErrorKind;

const SRC: &str = "const { exec } = require(\"child_process\");\nmodule.exports = (x) => {\n  exec(`ls ${x}`, { timeout: 1 }, (e) => { if (e) throw e; }); // cplint-disable-line shel-injection\n};\n";

#[test]
fn a_misspelt_rule_suppresses_nothing_and_is_reported() {
    let report = cplint::lint_source("a.js", SRC, &Config::default());
    assert!(report.findings.iter().any(|f| f.rule.name == "shell-injection"), "{:?}", report.findings);
    assert!(report.suppressed.is_empty());
    let kinds: Vec<ErrorKind> = report.errors.iter().map(|e| e.kind).collect();
    // The unknown name is an error; the directive is not also "unused".
    assert_eq!(kinds, [ErrorKind::Directive], "{:?}", report.errors);
}

#[test]
fn a_directive_naming_a_known_and_an_unknown_rule_suppresses_the_known_one() {
    let src = SRC.replace("shel-injection", "shel-injection, shell-injection");
    let report = cplint::lint_source("a.js", &src, &Config::default());
    assert!(report.findings.iter().all(|f| f.rule.name != "shell-injection"));
    assert_eq!(report.suppressed.len(), 1);
}

#[test]
fn a_suppressed_finding_keeps_the_directive_reason() {
    let with = SRC.replace("shel-injection", "shell-injection -- `x` is checked by the caller");
    let report = cplint::lint_source("a.js", &with, &Config::default());
    assert_eq!(report.suppressed.len(), 1, "{:?}", report.findings);
    assert_eq!(report.suppressed[0].suppression_reason.as_deref(), Some("`x` is checked by the caller"));
    // Block comments: the reason ends at `*/`; no reason (or an empty one) is none.
    let block = SRC.replace("// cplint-disable-line shel-injection", "/* cplint-disable-line shell-injection -- ok */");
    let report = cplint::lint_source("a.js", &block, &Config::default());
    assert_eq!(report.suppressed[0].suppression_reason.as_deref(), Some("ok"));
    for bare in ["shell-injection", "shell-injection --"] {
        let report = cplint::lint_source("a.js", &SRC.replace("shel-injection", bare), &Config::default());
        assert_eq!(report.suppressed.len(), 1);
        assert_eq!(report.suppressed[0].suppression_reason, None, "{bare}");
    }
}
