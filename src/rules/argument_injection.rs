use swc_common::Spanned;
use swc_ecma_ast::{Callee, Expr, ExprOrSpread};

use crate::declare_rule;
use crate::emit::{Edit, Fix, Safety};
use crate::rule::{Context, Emitter, Rule, at_call, describe_origin, label_at};
use crate::semantic::facts::{Argv, Shell};
use crate::semantic::resolve::{Sym, member_name, unparen};
use crate::semantic::{Api, CallSite, Hole, HoleSafety, Origin, Part, Semantic, range};

declare_rule! {
    /// ## What it flags
    ///
    /// A value from a caller — a parameter of a function (what a library's user
    /// passes in) or HTTP request data (`req.query.ref`) — in an *option position* of the argument
    /// array of a program whose options run code or write files (the table below),
    /// given to `spawn`, `spawnSync`, `execFile`, `execFileSync`, `cross-spawn` or
    /// `execa` without a shell: `execFile("git", ["clone", url, dir])`.
    ///
    /// An option position is one where the program would read an argument that
    /// starts with `-` as an option: not the value of the option before it
    /// (`-m msg`, `-C dir`, `-o file`), not after `--` (or git's
    /// `--end-of-options`), and not after the point where the program stops reading
    /// options (ssh after the host and command, docker after the image, npx after
    /// the command).
    ///
    /// Not flagged: values that cannot start with `-` — a constant prefix
    /// (`` `refs/heads/${b}` ``, `"./" + file`, `path.resolve(x)`,
    /// `path.join(__dirname, x)`), an option with its value glued to it
    /// (`` `--branch=${b}` ``, `"-o" + file`), numbers and booleans, a value checked
    /// by an early-return guard (`if (!/^[\w.]+$/.test(ref)) throw …`,
    /// `if (ref.startsWith("-")) throw …`) or used inside `if (url.startsWith("https://"))`; values from
    /// `process.argv` and `process.env` (the operator's own choice) and values whose
    /// origin cplint cannot name (a function's result, a constant of another module);
    /// a subcommand
    /// chosen by the caller (`git ${cmd}`: a wrapper around git by design); argument
    /// arrays cplint cannot list (built with `push`, a parameter); calls with a shell
    /// (`shell-injection` reports those).
    ///
    /// ## Why it matters
    ///
    /// Removing the shell removes `;` and `$( )`, not option parsing (CWE-88). A
    /// "ref", "URL" or "host" that arrives as `--upload-pack=touch /tmp/pwned`,
    /// `-oProxyCommand=sh -c …` or `--checkpoint-action=exec=…` makes git, ssh or tar
    /// run the attacker's program; `-o /etc/cron.d/x` or `-K file` makes curl write or
    /// read files it should not.
    ///
    /// | program | an injected option that runs code or writes files | options read until | fix inserts |
    /// |---|---|---|---|
    /// | `git` | `--upload-pack=…`, `-c core.sshCommand=…`, `--output=…` | `--end-of-options` / `--` | `--end-of-options` |
    /// | `hg` | `--config=hooks.…=…`, `--ssh=…`, `--debugger` | `--` | `--` |
    /// | `ssh` | `-oProxyCommand=…`, `-oLocalCommand=…` | the host and the first command word, `--` | `--` |
    /// | `scp`, `sftp` | `-oProxyCommand=…`, `-S program` | the first path, `--` | `--` |
    /// | `rsync` | `-e program`, `--rsync-path=…` | `--` | `--` |
    /// | `curl` | `-K file`, `-o file`, `--output-dir` | `--` | `--` |
    /// | `wget` | `--use-askpass=program`, `-O file`, `-e command` | `--` | `--` |
    /// | `tar` | `--checkpoint-action=exec=…`, `--to-command=…`, `-I program` | `--` | `--` |
    /// | `find` | `-exec …`, `-delete`, `-fprint file` | the end (`--` does not stop the expression) | nothing: advice |
    /// | `zip` | `-TT program` with `-T`, `--unzip-command` | `--` after the archive name | `--` (after the archive) |
    /// | `sed` | `-e script` (its `e` command runs a shell), `--in-place` | `--` | `--` |
    /// | `psql` | `-c '\! cmd'`, `-o '\|cmd'`, `-f file` | `--` | `--` |
    /// | `mysql` | `--init-command=…`, `-e 'system …'`, `--defaults-file=…` | `--` | `--` |
    /// | `npx`, `npm exec`/`x`, `yarn dlx`/`exec`, `pnpm dlx`/`exec`, `pnpx` | `-c 'cmd'`, `--package=evil`, `--registry=…` | the command (npx, yarn, pnpm), `--` | `--` |
    /// | `docker run`/`create`/`exec` | `--privileged`, `-v /:/host`, `--entrypoint=…` | the image or container, `--` | `--` |
    ///
    /// The options of each program that take the next argument as their value are
    /// listed with it in the source (`PROGRAMS` in `src/rules/argument_injection.rs`).
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function clone(url, dir, done) {
    ///   execFile("git", ["clone", "--depth", "1", url, dir], { timeout: 60_000 }, done);
    /// }
    /// module.exports = { clone };
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function clone(url, dir, done) {
    ///   execFile("git", ["clone", "--depth", "1", "--end-of-options", url, dir], { timeout: 60_000 }, done);
    /// }
    /// module.exports = { clone };
    /// ```
    ///
    /// `--end-of-options` (git 2.24 and later) or `--` ends option parsing, so the
    /// value is always read as a URL, ref, host or path. For git, `--` would start
    /// pathspecs instead, which is why the marker differs. Where a program has no such
    /// marker (find), make the value start with something other than `-`:
    /// `path.resolve(dir)`, `"./" + name`.
    ///
    /// ## Fix
    ///
    /// When the argument array is written in the call and no constant option
    /// follows the value, cplint inserts the program's marker (`"--end-of-options"`
    /// for git, `"--"` for the others) before the first value in an option position.
    /// The fix is *unsafe*: for values that do not start with `-` the program gets the
    /// same arguments plus the marker, but an old git (before 2.24), or a program
    /// that treats `--` as an argument of its own, behaves differently. Values before
    /// the subcommand, find's start points, zip's archive name, and arrays built
    /// elsewhere get advice only.
    ///
    /// ## Known limits
    ///
    /// - Argument arrays are read when written as a literal (in the call or in a
    ///   `const` that is never changed); arrays built with `push`, `concat` or passed
    ///   in are not.
    /// - Options are parsed per program from the table's lists; a program's
    ///   subcommand-specific options that take a value but are missing from the list
    ///   make the next value look like an option position.
    /// - A dynamic value *of* a dangerous option (`-c ${cfg}`, `-e ${sshCmd}`) is not
    ///   this rule's: it is an option value, not an option position.
    /// - Guards are recognised as an early `throw`/`return` (or the branch of an `if`)
    ///   on a regex test, a number check, `startsWith` (`"-"` rejected, or a prefix
    ///   that does not start with `-` required) or the first character (`x[0]`,
    ///   `charAt(0)`, `/^-/`) of the same variable; a check of a longer prefix
    ///   (`startsWith("--")`) leaves `-x` through and guards nothing.
    pub struct ArgumentInjection;
    code: "CP015",
    name: "argument-injection",
    severity: Error,
    category: Security,
    cwe: [88],
    summary: "A value that can start with `-` reaches an option position of a program whose options run code or write files",
    precision: "high",
    security_severity: "8.1",
}

/// How one program reads its options. The lists are data: add a program or an
/// option here (and to the table of the docs, which a test compares).
struct Program {
    names: &'static [&'static str],
    /// Subcommands the entry applies to (`npm exec`); empty: any subcommand, or
    /// none (`ssh`). With `subcommand: true`, the first positional is one.
    subcommands: &'static [&'static str],
    subcommand: bool,
    /// Long options (and single-dash words for `find`/`zip`) that take the next
    /// argument as their value.
    values: &'static [&'static str],
    /// Short option letters that take a value (the next argument, or the rest of a
    /// bundle: `-xzf archive`, `-p22`).
    short_values: &'static str,
    /// Single-dash options are whole words (`-name`, `-TT`), not bundles of letters.
    words: bool,
    /// Option parsing stops after this many positionals (after the subcommand).
    stops_after: Option<usize>,
    /// Arguments that end option parsing (`--`); empty: none does (`find`).
    ends: &'static [&'static str],
    /// The marker the fix inserts, and how many positionals must come before it.
    marker: Option<(&'static str, usize)>,
    /// The first argument may be a bundle of old-style options without `-` (`tar czf`).
    old_style: bool,
    /// For messages: an injected option and what it does.
    danger: &'static str,
}

const DD: &[&str] = &["--"];

const GIT_VALUES: &[&str] = &[
    "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix", "--exec-path",
    "-m", "--message", "-F", "--file", "-b", "-B", "--branch", "--depth", "--shallow-since", "--shallow-exclude",
    "--origin", "-o", "--reference", "--reference-if-able", "--separate-git-dir", "--template", "-j", "--jobs",
    "--filter", "-u", "--upload-pack", "--receive-pack", "--exec", "--config", "--format", "--pretty", "-n",
    "--max-count", "--skip", "--author", "--committer", "--since", "--until", "--after", "--before", "--grep",
    "-S", "-G", "--date", "-s", "--strategy", "-X", "--strategy-option", "--onto", "-x", "--push-option",
    "--repo", "-e", "-f", "-L", "-O", "--set-upstream-to", "--prefix", "--remote", "--output", "--orphan",
    "--track", "--reason", "--cleanup", "--fixup", "--squash", "-t", "--worktree-attributes", "--points-at",
    "--sort", "--contains", "--no-contains", "--merged", "--no-merged", "--shallow-submodules", "--name",
];

const PROGRAMS: &[Program] = &[
    Program {
        names: &["git"],
        subcommands: &[],
        subcommand: true,
        values: GIT_VALUES,
        short_values: "CcmFbBojunSGsXxefLOt",
        words: false,
        stops_after: None,
        ends: &["--", "--end-of-options"],
        marker: Some(("--end-of-options", 0)),
        old_style: false,
        danger: "`--upload-pack=…` and `-c core.sshCommand=…` run a program",
    },
    Program {
        names: &["hg"],
        subcommands: &[],
        subcommand: true,
        values: &[
            "-R", "--repository", "--cwd", "--config", "-r", "--rev", "-b", "--branch", "-u", "--user", "-m",
            "--message", "-l", "--logfile", "-d", "--date", "-e", "--ssh", "--remotecmd", "-I", "--include", "-X",
            "--exclude", "-T", "--template", "--encoding", "--encodingmode", "-U", "--updaterev",
        ],
        short_values: "RrbumldeIXTU",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`--config=hooks.…=…` and `--ssh=…` run a program",
    },
    Program {
        names: &["ssh"],
        subcommands: &[],
        subcommand: false,
        values: &[],
        short_values: "bceilmopBDEFIJLOPQRSWw",
        words: false,
        stops_after: Some(2),
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-oProxyCommand=…` runs a program",
    },
    Program {
        names: &["scp", "sftp"],
        subcommands: &[],
        subcommand: false,
        values: &[],
        short_values: "DFJPSXcilosbBR",
        words: false,
        stops_after: Some(1),
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-oProxyCommand=…` and `-S program` run a program",
    },
    Program {
        names: &["rsync"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "-e", "--rsh", "--rsync-path", "-f", "--filter", "--exclude", "--include", "--exclude-from",
            "--include-from", "--files-from", "--log-file", "-T", "--temp-dir", "--partial-dir", "--backup-dir",
            "--suffix", "--chmod", "--chown", "--timeout", "--contimeout", "--port", "--password-file", "--bwlimit",
            "--compare-dest", "--copy-dest", "--link-dest", "--max-size", "--min-size", "--address", "--sockopts",
            "--out-format", "--log-file-format", "--info", "--debug", "--usermap", "--groupmap", "-M",
            "--remote-option", "--iconv", "--protocol", "-B", "--block-size",
        ],
        short_values: "efTMB",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-e program` and `--rsync-path=…` run a program",
    },
    Program {
        names: &["curl"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "--url", "-o", "--output", "-K", "--config", "-H", "--header", "-d", "--data", "--data-raw",
            "--data-binary", "--data-urlencode", "-A", "--user-agent", "-e", "--referer", "-u", "--user", "-x",
            "--proxy", "-X", "--request", "-b", "--cookie", "-c", "--cookie-jar", "-m", "--max-time",
            "--connect-timeout", "--retry", "-F", "--form", "-T", "--upload-file", "--cacert", "-E", "--cert",
            "--key", "-w", "--write-out", "--resolve", "--output-dir", "--limit-rate", "-r", "--range",
            "--interface", "-D", "--dump-header", "-U", "--proxy-user", "-C", "--continue-at", "-P", "--ftp-port",
            "-Q", "--quote", "-t", "--telnet-option", "-y", "--speed-time", "-Y", "--speed-limit", "-z",
            "--time-cond", "--retry-delay", "--retry-max-time", "--max-filesize", "--oauth2-bearer", "--json",
        ],
        short_values: "oKHdAeuxXbcmFTEwrDUCPQtyYz",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-K file` reads options from a file and `-o file` writes one",
    },
    Program {
        names: &["wget"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "-O", "--output-document", "-o", "--output-file", "-a", "--append-output", "-e", "--execute", "-i",
            "--input-file", "-B", "--base", "-t", "--tries", "-T", "--timeout", "-w", "--wait", "-Q", "--quota",
            "-P", "--directory-prefix", "-U", "--user-agent", "--header", "--post-data", "--post-file", "--user",
            "--password", "-l", "--level", "-A", "--accept", "-R", "--reject", "-D", "--domains", "-I",
            "--include-directories", "-X", "--exclude-directories", "--use-askpass", "--limit-rate",
        ],
        short_values: "OoaeiBtTwQPUlARDIX",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`--use-askpass=program` runs a program and `-O file` writes one",
    },
    Program {
        names: &["tar", "gtar", "bsdtar"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "-f", "--file", "-C", "--directory", "-T", "--files-from", "-X", "--exclude-from", "--exclude",
            "--to-command", "--checkpoint-action", "-I", "--use-compress-program", "-F", "--info-script",
            "--new-volume-script", "--rsh-command", "-H", "--format", "--owner", "--group", "--mode", "--mtime",
            "--transform", "--xform", "-g", "--listed-incremental", "-N", "--newer", "--after-date", "-V",
            "--label", "-L", "--tape-length", "-b", "--blocking-factor", "--suffix", "-K", "--starting-file",
        ],
        short_values: "fCTXIFHgNVLbK",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: true,
        danger: "`--checkpoint-action=exec=…`, `--to-command=…` and `-I program` run a program",
    },
    Program {
        names: &["find"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-type",
            "-xtype", "-user", "-group", "-uid", "-gid", "-perm", "-size", "-newer", "-anewer", "-cnewer",
            "-mtime", "-atime", "-ctime", "-mmin", "-amin", "-cmin", "-maxdepth", "-mindepth", "-fprint",
            "-fprint0", "-printf", "-fls", "-regextype", "-samefile", "-links", "-inum", "-context", "-used",
            "-lname", "-ilname", "-fstype", "-D", "-O",
        ],
        short_values: "",
        words: true,
        stops_after: None,
        ends: &[],
        marker: None,
        old_style: false,
        danger: "`-exec …` runs a program and `-delete` removes files",
    },
    Program {
        names: &["zip"],
        subcommands: &[],
        subcommand: false,
        values: &["-b", "-n", "-t", "-tt", "-TT", "--unzip-command", "-P", "--password", "-O", "--output-file", "-s", "-Z"],
        short_values: "",
        words: true,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 1)),
        old_style: false,
        danger: "`-TT program` (with `-T`) runs a program",
    },
    Program {
        names: &["sed", "gsed"],
        subcommands: &[],
        subcommand: false,
        values: &["-e", "--expression", "-f", "--file", "-l", "--line-length"],
        short_values: "efl",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-e script` adds a script whose `e` command runs a shell",
    },
    Program {
        names: &["psql"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "-c", "--command", "-d", "--dbname", "-f", "--file", "-F", "--field-separator", "-h", "--host", "-L",
            "--log-file", "-o", "--output", "-p", "--port", "-P", "--pset", "-R", "--record-separator", "-T",
            "--table-attr", "-U", "--username", "-v", "--set", "--variable",
        ],
        short_values: "cdfFhLopPRTUv",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-c '\\! cmd'` and `-o '|cmd'` run a program",
    },
    Program {
        names: &["mysql", "mariadb"],
        subcommands: &[],
        subcommand: false,
        values: &[
            "-e", "--execute", "-h", "--host", "-u", "--user", "-P", "--port", "-D", "--database", "-S", "--socket",
            "--init-command", "--defaults-file", "--defaults-extra-file", "--default-character-set", "--tee",
        ],
        short_values: "ehuPDS",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`--init-command=…` and `-e 'system …'` run commands",
    },
    Program {
        names: &["npx", "pnpx", "bunx"],
        subcommands: &[],
        subcommand: false,
        values: &["-p", "--package", "-c", "--call", "--cache", "--registry", "--userconfig", "--prefix", "-w", "--workspace"],
        short_values: "pcw",
        words: false,
        stops_after: Some(1),
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-c 'cmd'` runs a shell command and `--package=…` installs and runs another package",
    },
    Program {
        names: &["npm"],
        subcommands: &["exec", "x"],
        subcommand: true,
        values: &["-p", "--package", "-c", "--call", "--cache", "--registry", "--userconfig", "--prefix", "-w", "--workspace"],
        short_values: "pcw",
        words: false,
        stops_after: None,
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`-c 'cmd'` runs a shell command and `--package=…` installs and runs another package",
    },
    Program {
        names: &["yarn", "pnpm"],
        subcommands: &["dlx", "exec"],
        subcommand: true,
        values: &["-p", "--package", "-c", "--cache", "--registry", "-C", "--dir", "--filter", "-F"],
        short_values: "pcCF",
        words: false,
        stops_after: Some(1),
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`--package=…` installs and runs another package",
    },
    Program {
        names: &["docker", "podman"],
        subcommands: &["run", "create", "exec"],
        subcommand: true,
        values: &[
            "-H", "--host", "--config", "--context", "--log-level", "-e", "--env", "-v", "--volume", "-p",
            "--publish", "--name", "-w", "--workdir", "-u", "--user", "--entrypoint", "--network", "--net", "-m",
            "--memory", "--cpus", "--env-file", "-l", "--label", "--mount", "--device", "--add-host", "-h",
            "--hostname", "--restart", "--log-driver", "--log-opt", "--cap-add", "--cap-drop", "--security-opt",
            "--platform", "--pull", "--ulimit", "--tmpfs", "--ipc", "--pid", "--runtime", "--shm-size",
            "--stop-signal", "--stop-timeout", "--dns", "--gpus", "--cidfile", "-a", "--attach", "--expose",
            "--link", "--volumes-from", "--group-add", "-c", "--cpu-shares", "--detach-keys", "--label-file",
        ],
        short_values: "Haevpwumlhc",
        words: false,
        stops_after: Some(1),
        ends: DD,
        marker: Some(("--", 0)),
        old_style: false,
        danger: "`--privileged` and `-v /:/host` hand over the host",
    },
];

fn program_of(name: &str) -> Option<&'static Program> {
    let lower = name.to_ascii_lowercase();
    PROGRAMS.iter().find(|p| p.names.contains(&lower.as_str()))
}

/// What one argv element is, for option parsing.
enum Arg {
    /// A constant (or a value that cannot start with `-`): its text when known, and
    /// whether that text is the whole value (not just its first characters).
    Const(Option<String>, bool),
    /// A value that may start with `-`: the hole it comes from.
    Dynamic(Hole),
    /// A value that is not input from a caller: the operator's (`process.argv`,
    /// `process.env`) or of unknown origin (a constant of another module, a value a
    /// function computed). Not reported: precision first.
    NotInput,
}

/// Whether a value may start with `-`, judged by how it is built.
fn classify<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Arg {
    if let Some(arg) = path_call(sem, e) {
        return arg;
    }
    // Checked on this path: `if (ref.startsWith("-")) throw ..`, inside
    // `if (url.startsWith("git@"))`.
    if sem.cannot_start_with_dash(e) {
        return Arg::Const(None, false);
    }
    let shape = sem.shape(e);
    if let Some(text) = shape.as_literal() {
        return Arg::Const(Some(text), true);
    }
    let mut prefix = String::new();
    for part in &shape.parts {
        match part {
            Part::Lit(s) if s.is_empty() => {}
            Part::Lit(s) => {
                prefix.push_str(s);
                // `--flag=${x}`, `-o${x}`, `refs/${x}`: the value's first character is fixed.
                return Arg::Const(Some(prefix), false);
            }
            Part::Opaque(_) => return Arg::Const(None, false),
            Part::Hole(h) => {
                return match (h.safety, &h.origin) {
                    (HoleSafety::Scalar | HoleSafety::Quoted, _) => Arg::Const(None, false),
                    (_, Origin::Param { .. } | Origin::Request(_) | Origin::ActionsPayload(_)) => Arg::Dynamic(h.clone()),
                    _ => Arg::NotInput,
                };
            }
        }
    }
    Arg::Const(None, false)
}

/// `path.resolve(x)` is absolute; `path.join(a, ..)` starts like `a`.
fn path_call<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<Arg> {
    let Expr::Call(c) = unparen(e) else { return None };
    let Callee::Expr(callee) = &c.callee else { return None };
    if !matches!(sem.callable(sem.sym_of(callee)), Sym::PathFn) {
        return None;
    }
    let resolve = match unparen(callee) {
        Expr::Member(m) => member_name(&m.prop).is_some_and(|n| n == "resolve"),
        Expr::Ident(i) => i.sym == *"resolve",
        _ => false,
    };
    if resolve {
        return Some(Arg::Const(None, false));
    }
    let first = c.args.first().filter(|a| a.spread.is_none())?;
    Some(match classify(sem, &first.expr) {
        Arg::Const(..) => Arg::Const(None, false),
        other => other,
    })
}

/// The first element in an option position that may start with `-`.
struct Hit<'a> {
    hole: Hole,
    index: usize,
    el: &'a ExprOrSpread,
    /// Positionals (after the subcommand) seen before it.
    positionals: usize,
    subcommand: Option<String>,
}

fn scan<'a>(sem: &Semantic<'a>, prog: &Program, elems: &[&'a ExprOrSpread]) -> Option<Hit<'a>> {
    let mut subcommand: Option<String> = None;
    let mut positionals = 0usize;
    let mut i = 0;
    // find: `-exec … ;` runs until `;` or `+`.
    let mut in_exec = false;
    while i < elems.len() {
        let el = elems[i];
        if el.spread.is_some() {
            return None;
        }
        let arg = classify(sem, &el.expr);
        if in_exec {
            if let Arg::Const(Some(t), true) = &arg
                && (t == ";" || t == "+")
            {
                in_exec = false;
            }
            i += 1;
            continue;
        }
        if let Some(n) = prog.stops_after
            && (subcommand.is_some() || !prog.subcommand)
            && positionals >= n
        {
            return None;
        }
        match arg {
            Arg::NotInput => {
                if prog.subcommand && subcommand.is_none() {
                    return None;
                }
                positionals += 1;
            }
            Arg::Dynamic(hole) => {
                if prog.subcommand && subcommand.is_none() {
                    // The caller picks the subcommand: a wrapper of the program.
                    return None;
                }
                return Some(Hit { hole, index: i, el, positionals, subcommand });
            }
            Arg::Const(None, _) => {
                if prog.subcommand && subcommand.is_none() {
                    return None;
                }
                positionals += 1;
            }
            Arg::Const(Some(text), whole) => {
                if whole && prog.ends.contains(&text.as_str()) {
                    return None;
                }
                if text.starts_with('-') && text.len() > 1 {
                    if whole && prog.words && matches!(text.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir") {
                        in_exec = true;
                        i += 1;
                        continue;
                    }
                    // A glued value (`-o${file}`, `--branch=${b}`) takes nothing after it.
                    i += 1 + usize::from(whole && takes_value(prog, &text));
                    continue;
                }
                if i == 0
                    && whole
                    && prog.old_style
                    && !text.is_empty()
                    && text.chars().all(|c| c.is_ascii_alphabetic())
                {
                    // `tar czf out.tgz dir`: old-style options, values in order.
                    let n = text.chars().filter(|c| prog.short_values.contains(*c)).count();
                    i += 1 + n;
                    continue;
                }
                if prog.subcommand && subcommand.is_none() {
                    if !whole || (!prog.subcommands.is_empty() && !prog.subcommands.contains(&text.as_str())) {
                        return None;
                    }
                    subcommand = Some(text);
                } else {
                    positionals += 1;
                }
            }
        }
        i += 1;
    }
    None
}

/// Whether the constant option `text` takes the next argument as its value.
fn takes_value(prog: &Program, text: &str) -> bool {
    if text.starts_with("--") {
        return !text.contains('=') && prog.values.contains(&text);
    }
    if prog.words {
        return prog.values.contains(&text);
    }
    // A bundle of short options: the first letter that takes a value takes the
    // rest of the bundle, or the next argument when it is the last letter.
    let letters: Vec<char> = text[1..].chars().collect();
    for (k, c) in letters.iter().enumerate() {
        if prog.short_values.contains(*c) {
            return k == letters.len() - 1;
        }
    }
    false
}

impl Rule for ArgumentInjection {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(site.api, Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync | Api::Execa)
            || !matches!(site.facts.shell, Shell::None)
        {
            return;
        }
        let Argv::Elements(elems) = &site.facts.argv else { return };
        let Some(name) = site.facts.program.as_deref() else { return };
        let Some(prog) = program_of(name) else { return };
        let Some(hit) = scan(sem, prog, elems) else { return };
        let shown = match &hit.subcommand {
            Some(s) => format!("{} {s}", prog.names[0]),
            None => name.to_ascii_lowercase(),
        };
        let marker = prog.marker.map_or("--", |(m, _)| m);
        let help = match prog.marker {
            Some(_) => format!(
                "put `\"{marker}\"` before it so {shown} reads it as an argument whatever it holds, or reject values that start with `-`"
            ),
            None => format!(
                "make the value start with something other than `-` (`path.resolve(dir)`, `\"./\" + name`): {shown} has no marker that ends its options"
            ),
        };
        let mut f = at_call(
            site,
            "runs a program that reads options from its arguments",
            format!(
                "{} runs `{shown}` with {}, in an option position: a value that starts with `-` is read as an option",
                site.display_name(),
                describe_origin(&hit.hole.origin)
            ),
            help,
            None,
        );
        f.note = Some(format!("for {}, {}", prog.names[0], prog.danger));
        f.labels.push(label_at(hit.el.expr.span(), "read as an option when it starts with `-`"));
        if config.fixes {
            f.fix = Some(fix(sem, site, prog, &hit, elems));
        }
        out.emit(f);
    }
}

fn fix<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, prog: &Program, hit: &Hit<'a>, elems: &[&'a ExprOrSpread]) -> Fix {
    let advice = |why: &str| Fix { safety: Safety::DisplayOnly, title: why.to_string(), edits: Vec::new() };
    let Some((marker, min_positionals)) = prog.marker else {
        return advice("make the value start with something other than `-`, e.g. `path.resolve(dir)` or `\"./\" + name`");
    };
    let in_call = site.args.is_some_and(|a| matches!(unparen(a), Expr::Array(_)));
    if !in_call {
        return advice(&format!("put `\"{marker}\"` before the value in the argument array"));
    }
    if hit.positionals < min_positionals {
        return advice(&format!(
            "{} accepts `{marker}` only after its first argument: check that the value does not start with `-`",
            prog.names[0]
        ));
    }
    // A constant option after the insertion point would become an argument.
    let later_option = elems[hit.index + 1..]
        .iter()
        .any(|el| el.spread.is_some() || matches!(classify(sem, &el.expr), Arg::Const(Some(t), _) if t.starts_with('-')));
    if later_option {
        return advice(&format!(
            "move the options before the value and put `\"{marker}\"` between them, so the value cannot be read as an option"
        ));
    }
    let (start, _) = range(hit.el.span());
    Fix {
        safety: Safety::Unsafe,
        title: format!("insert `\"{marker}\"` before the value"),
        edits: vec![Edit::new(start, start, format!("\"{marker}\", "))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_of_the_table_is_in_the_docs() {
        let docs = ArgumentInjection::META.raw_docs;
        for p in PROGRAMS {
            for n in p.names {
                if matches!(*n, "gtar" | "bsdtar" | "gsed" | "mariadb" | "podman" | "bunx") {
                    continue;
                }
                assert!(docs.contains(&format!("`{n}")), "{n} is missing from the docs table");
            }
        }
    }

    #[test]
    fn short_bundles_take_values_at_the_end_only() {
        let tar = program_of("tar").unwrap();
        assert!(takes_value(tar, "-xzf"));
        assert!(!takes_value(tar, "-fout.tgz"));
        assert!(!takes_value(tar, "--file=x"));
        assert!(takes_value(tar, "--file"));
        let find = program_of("find").unwrap();
        assert!(takes_value(find, "-name"));
        assert!(!takes_value(find, "-delete"));
    }
}
