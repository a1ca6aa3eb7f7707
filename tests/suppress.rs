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
