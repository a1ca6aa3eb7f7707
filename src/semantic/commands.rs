//! The command model shared by the lifecycle rules: what a call's command line
//! does, read from its text.
//!
//! A call's command is read into [`Line`]s — one per value the command can take
//! (`win ? "taskkill ..." : "kill ..."`, a `let cmd` assigned in several branches,
//! `cmd += ";cat ..."`) — and each line into simple commands ([`Segment`]s) split at
//! `;`, `&&`, `||`, `|` and `&`. A segment is its words with leading `VAR=value`
//! assignments, shell keywords (`do`, `then`, ...) and transparent prefixes
//! (`sudo`, `env`, `nice`, `nohup`, `time`) removed; `sh -c "..."`, `cmd /c ...` and
//! `powershell -Command ...` are read as the script they run, and `timeout N cmd`
//! marks its command as bounded.
//!
//! [`classify`] then looks each segment up in [`COMMANDS`] by program, subcommand
//! and flags (the most specific entry wins; entries from `cplint.toml` win ties)
//! and joins the segments and the alternatives into one [`Class`]: how long the
//! command runs ([`Kind`]), whether it writes a lot ([`Class::chatty`]) and whether it
//! only reports information ([`Class::query`]).

use swc_common::Spanned;
use swc_ecma_ast::*;

pub use super::command_text::{Class, CommandText, Kind, Line, Piece, Segment, Word};
use super::command_text::{base_name, is_assignment_text};
use super::resolve::{Sym, member_name, unparen};
use super::site::{Argv, ShellFamily, ShellOpt, Slot, shell_family};
use super::{Api, CallSite, Decl, Part, Semantic};

/// Commands from `cplint.toml`, in the pattern syntax of [`COMMANDS`].
#[derive(Debug, Clone, Copy, Default)]
pub struct UserLists<'c> {
    pub instant: &'c [String],
    pub long_running: &'c [String],
    pub interactive: &'c [String],
    pub chatty: &'c [String],
}

/// The stdin of a call inherits this process's terminal (`stdio: "inherit"`,
/// `[0, ...]`, `[process.stdin, ...]`, `fork`'s default): a user can watch the child
/// and stop it. Never a `fork` worker.
pub fn is_foreground(site: &CallSite<'_>) -> bool {
    // A forked worker inherits stdio by default but talks to its parent over IPC:
    // it is not a terminal program.
    site.api != Api::Fork && matches!(site.facts.stdio, Some([Slot::Inherit, _, _]))
}

/// What the command of `site` does, joined over every value it can take.
pub fn classify(site: &CallSite<'_>, user: &UserLists<'_>) -> Class {
    classify_text(&site.facts.command, user)
}

pub fn classify_text(text: &CommandText, user: &UserLists<'_>) -> Class {
    if text.lines.is_empty() {
        return Class::UNKNOWN;
    }
    let mut out: Option<Class> = None;
    for line in &text.lines {
        let c = classify_line(line, user);
        out = Some(match out {
            None => c,
            Some(o) => join(o, c),
        });
    }
    out.unwrap_or(Class::UNKNOWN)
}

/// The program of the first command whose kind is `kind` (`smartctl` in
/// `printf x; smartctl -H /dev/sda`), for messages.
pub fn program_of_kind(text: &CommandText, user: &UserLists<'_>, kind: Kind) -> Option<String> {
    text.lines.iter().flat_map(|l| &l.segments).find(|s| classify_segment(s, user).kind == kind)?.program()
}

fn join(a: Class, b: Class) -> Class {
    Class { kind: a.kind.max(b.kind), chatty: a.chatty || b.chatty, query: a.query && b.query }
}

fn classify_line(line: &Line, user: &UserLists<'_>) -> Class {
    let mut out: Option<Class> = None;
    for seg in &line.segments {
        let c = classify_segment(seg, user);
        out = Some(match out {
            None => c,
            Some(o) => join(o, c),
        });
    }
    out.unwrap_or(Class::UNKNOWN)
}

// ---------------------------------------------------------------------------
// The tables.

const I: Option<Kind> = Some(Kind::Instant);
const L: Option<Kind> = Some(Kind::LongRunning);
const X: Option<Kind> = Some(Kind::Interactive);
const U: Option<Kind> = Some(Kind::Unknown);
const N: Option<bool> = None;

/// One entry of [`COMMANDS`]: `(pattern, kind, chatty, query)`; `None` leaves the
/// attribute to a less specific entry.
///
/// A pattern is a program, then optionally a subcommand (the first argument that is
/// not an option), then flags that must all be present: `"git"`, `"git fetch"`,
/// `"docker run -d|--detach"` (`|` separates spellings; a one-letter flag also
/// matches inside a group such as `-dit`), `"npm --version"`. `--` at the end means
/// "and no other argument" (`"mount --"`). The most specific matching entry decides
/// each attribute: subcommand and flags beat subcommand beats flags beats the
/// program alone. A `--version`, `-v`, `-V`, `-version`, `version`, `--help`, `-h`
/// or `help` as the only argument is an instant query for any program, unless an
/// entry with that subcommand or flag says otherwise (`docker version` asks the daemon).
type Entry = (&'static str, Option<Kind>, Option<bool>, Option<bool>);

#[rustfmt::skip]
pub const COMMANDS: &[Entry] = &[
    // Shell builtins and small utilities: instant queries.
    ("echo", I, N, Some(true)), ("printf", I, N, Some(true)), ("cat", I, N, Some(true)), ("type", I, N, Some(true)),
    ("uname", I, N, Some(true)), ("which", I, N, Some(true)), ("where", I, N, Some(true)), ("whereis", I, N, Some(true)),
    ("whoami", I, N, Some(true)), ("id", I, N, Some(true)), ("groups", I, N, Some(true)), ("logname", I, N, Some(true)),
    ("hostname", I, N, Some(true)), ("pwd", I, N, Some(true)), ("date", I, N, Some(true)), ("true", I, N, Some(true)),
    ("false", I, N, Some(true)), ("basename", I, N, Some(true)), ("dirname", I, N, Some(true)), ("nproc", I, N, Some(true)),
    ("getconf", I, N, Some(true)), ("arch", I, N, Some(true)), ("sw_vers", I, N, Some(true)), ("ver", I, N, Some(true)),
    ("command", I, N, Some(true)), ("test", I, N, Some(true)), ("[", I, N, Some(true)), ("tput", I, N, Some(true)),
    ("stty", I, N, Some(true)), ("sysctl", I, N, Some(true)), ("sysctl -w", I, N, Some(false)), ("wc", I, N, Some(true)),
    ("head", I, N, Some(true)), ("tail", I, N, Some(true)), ("tail -f|-F|--follow", L, N, Some(true)), ("ls", I, N, Some(true)),
    ("dir", I, N, Some(true)), ("cd", I, N, Some(true)), ("umask", I, N, Some(true)), ("ulimit", I, N, Some(true)),
    ("export", I, N, Some(true)), ("unset", I, N, Some(true)), ("set", I, N, Some(true)), ("local", I, N, Some(true)),
    ("readonly", I, N, Some(true)), ("shift", I, N, Some(true)), (":", I, N, Some(true)), ("exit", I, N, Some(true)),
    ("env", I, N, Some(true)), ("printenv", I, N, Some(true)), ("locale", I, N, Some(true)), ("stat", I, N, Some(true)),
    ("readlink", I, N, Some(true)), ("realpath", I, N, Some(true)), ("file", I, N, Some(true)), ("sleep", I, N, Some(true)),
    ("uptime", I, N, Some(true)), ("free", I, N, Some(true)), ("chcp", I, N, Some(true)), ("getprop", I, N, Some(true)),
    ("ldd", I, N, Some(true)), ("otool", I, N, Some(true)), ("nm", I, N, Some(true)), ("readelf", I, N, Some(true)),
    ("objdump", I, N, Some(true)), ("strings", I, N, Some(true)), ("lipo", I, N, Some(true)), ("mdls", I, N, Some(true)),
    ("md5sum", I, N, Some(true)), ("sha1sum", I, N, Some(true)), ("sha256sum", I, N, Some(true)), ("shasum", I, N, Some(true)),
    ("cksum", I, N, Some(true)), ("lsb_release", I, N, Some(true)), ("hostnamectl", I, N, Some(true)),
    ("timedatectl", I, N, Some(true)), ("locate", I, N, Some(true)), ("mktemp", I, N, Some(false)),
    // Text filters: they end when their input does.
    ("grep", I, N, Some(true)), ("egrep", I, N, Some(true)), ("fgrep", I, N, Some(true)), ("awk", I, N, Some(true)),
    ("gawk", I, N, Some(true)), ("sed", I, N, Some(true)), ("tr", I, N, Some(true)), ("cut", I, N, Some(true)),
    ("sort", I, N, Some(true)), ("uniq", I, N, Some(true)), ("column", I, N, Some(true)), ("tee", I, N, Some(false)),
    ("jq", I, N, Some(true)), ("findstr", I, N, Some(true)), ("more", X, N, Some(true)), ("less", X, N, Some(true)),
    // Processes and the system: instant queries and kill helpers.
    ("ps", I, N, Some(true)), ("pgrep", I, N, Some(true)), ("pidof", I, N, Some(true)), ("tasklist", I, N, Some(true)),
    ("kill", I, N, Some(false)), ("pkill", I, N, Some(false)), ("killall", I, N, Some(false)), ("taskkill", I, N, Some(false)),
    ("tskill", I, N, Some(false)), ("windows-kill", I, N, Some(false)), ("top", X, N, Some(true)), ("top -b|-l", I, N, Some(true)),
    ("htop", X, N, Some(true)), ("sudo", X, N, None), ("sudo -k|-K", I, N, Some(false)), ("watch", X, N, Some(true)),
    ("lscpu", I, N, Some(true)), ("lsblk", I, N, Some(true)), ("lspci", I, N, Some(true)), ("lsmod", I, N, Some(true)),
    ("lsusb", I, N, Some(true)), ("lsusb -v|--verbose", L, N, Some(true)), ("ioreg", I, N, Some(true)),
    ("dmidecode", I, N, Some(true)), ("dmesg", I, N, Some(true)), ("dmesg -w|--follow", L, N, Some(true)),
    ("vm_stat", I, N, Some(true)), ("pmset", I, N, Some(false)), ("pmset -g", I, N, Some(true)), ("sensors", I, N, Some(true)), ("vcgencmd", I, N, Some(true)), ("fbset", I, N, Some(true)),
    ("tvservice", I, N, Some(true)), ("xdpyinfo", I, N, Some(true)), ("xrandr", I, N, Some(true)), ("defaults", I, N, Some(true)),
    ("defaults write|delete", I, N, Some(false)), ("who", I, N, Some(true)), ("w", I, N, Some(true)), ("users", I, N, Some(true)),
    ("last", I, N, Some(true)), ("wslpath", I, N, Some(true)), ("wslinfo", I, N, Some(true)), ("wslvar", I, N, Some(true)),
    ("mount", L, N, Some(false)), ("mount --", I, N, Some(true)), ("mount -l", I, N, Some(true)),
    ("umount", L, N, Some(false)), ("lsregister", I, N, Some(true)), ("scutil", I, N, Some(true)),
    ("networksetup", I, N, Some(true)), ("ifconfig", I, N, Some(true)), ("ipconfig", I, N, Some(true)),
    ("ipconfig /renew|/release", L, N, Some(false)), ("ip", I, N, Some(true)), ("route", I, N, Some(true)),
    ("netstat", I, N, Some(true)), ("ss", I, N, Some(true)), ("arp", I, N, Some(true)), ("iwconfig", I, N, Some(true)),
    ("iw", I, N, Some(true)), ("iw scan", L, N, Some(true)), ("nmcli", I, N, Some(true)), ("nmcli rescan", L, N, Some(true)),
    ("reg", I, N, Some(false)), ("reg query", I, N, Some(true)), ("systemctl", L, N, Some(false)),
    ("systemctl status|is-active|is-enabled|is-failed|show|list-units|list-unit-files|cat", I, N, Some(true)),
    ("launchctl", I, N, Some(false)), ("launchctl list|print", I, N, Some(true)), ("sc", I, N, Some(false)),
    ("sc query|queryex|qc", I, N, Some(true)), ("schtasks", I, N, Some(false)), ("schtasks /query", I, N, Some(true)),
    ("service", L, N, Some(false)), ("service status", I, N, Some(true)),
    // Slow or stalling system queries.
    ("df", L, N, Some(true)), ("du", L, N, Some(true)), ("find", L, N, Some(true)), ("lsof", L, N, Some(true)),
    ("wmic", L, N, Some(true)), ("system_profiler", L, N, Some(true)), ("smartctl", L, N, Some(true)),
    ("smartctl -t|--test|-s|--smart", L, N, Some(false)), ("diskutil", L, N, Some(false)),
    ("diskutil list|info|activity|apfs", L, N, Some(true)), ("clinfo", L, N, Some(true)), ("nvidia-smi", L, N, Some(true)),
    ("lpstat", L, N, Some(true)), ("lpr", L, N, Some(false)), ("lp", L, N, Some(false)), ("mdfind", L, N, Some(true)),
    ("journalctl", L, N, Some(true)), ("journalctl -f|--follow", L, Some(true), Some(true)), ("hdiutil", L, N, Some(false)),
    ("hdiutil detach|info", I, N, None), ("airport", I, N, Some(true)), ("airport -s|--scan", L, N, Some(true)),
    ("dig", L, N, Some(true)), ("nslookup", L, N, Some(true)), ("host", L, N, Some(true)), ("ping", L, N, Some(true)),
    ("traceroute", L, N, Some(true)), ("tracert", L, N, Some(true)), ("yes", L, Some(true), None),
    // Local file operations: finite work, no prompt.
    ("cp", I, N, Some(false)), ("mv", I, N, Some(false)), ("rm", I, N, Some(false)), ("mkdir", I, N, Some(false)),
    ("rmdir", I, N, Some(false)), ("chmod", I, N, Some(false)), ("chown", I, N, Some(false)), ("chgrp", I, N, Some(false)),
    ("ln", I, N, Some(false)), ("touch", I, N, Some(false)), ("tar", I, N, Some(false)), ("tar -v|--verbose", None, Some(true), None), ("bsdtar", I, N, Some(false)),
    ("gtar", I, N, Some(false)), ("unzip", I, N, Some(false)), ("zip", I, N, Some(false)), ("xattr", I, N, Some(false)),
    ("chflags", I, N, Some(false)), ("attrib", I, N, Some(false)), ("icacls", I, N, Some(false)), ("mklink", I, N, Some(false)),
    ("del", I, N, Some(false)), ("copy", I, N, Some(false)), ("move", I, N, Some(false)), ("md", I, N, Some(false)),
    ("rd", I, N, Some(false)), ("ditto", I, N, Some(false)), ("install_name_tool", I, N, Some(false)),
    ("expand-archive", I, N, Some(false)), ("compress-archive", I, N, Some(false)),
    // Launchers that return at once.
    ("open", I, N, Some(false)), ("open -w|-W|--wait-apps", L, N, Some(false)), ("xdg-open", I, N, Some(false)),
    ("start", I, N, Some(false)), ("start /wait", U, N, Some(false)), ("notify-send", I, N, Some(false)),
    // Editors, pagers, REPLs.
    ("vi", X, N, None), ("vim", X, N, None), ("nvim", X, N, None), ("nano", X, N, None), ("emacs", X, N, None),
    ("pico", X, N, None), ("joe", X, N, None), ("ed", X, N, None), ("mcedit", X, N, None), ("notepad", X, N, None),
    ("code --wait|-w", X, N, None), ("subl --wait|-w", X, N, None), ("man", X, N, None), ("node --", X, N, None),
    ("python --", X, N, None), ("python3 --", X, N, None), ("irb", X, N, None), ("mysql", L, N, None),
    ("psql", L, N, None), ("sqlite3", U, N, None),
    // git: local queries, local actions, network.
    ("git", U, N, None),
    ("git rev-parse|status|log|show|diff|ls-files|ls-tree|describe|symbolic-ref|config|var|rev-list|cat-file|merge-base|for-each-ref|check-ignore|show-ref|name-rev|blame|shortlog|count-objects|grep|worktree|cherry|whatchanged|check-attr|help", I, N, Some(true)),
    ("git branch|tag|remote|stash|notes", I, N, None),
    ("git add|rm|mv|init|checkout|switch|reset|restore|apply|update-index|update-ref|hash-object|clean|read-tree|write-tree|commit-tree|mktag|am", I, N, Some(false)),
    ("git config --add|--unset|--unset-all|--replace-all|--rename-section|--remove-section", I, N, Some(false)),
    ("git commit", X, N, Some(false)), ("git commit -m|--message|-F|--file|--no-edit|-C|--reuse-message|--fixup", I, N, Some(false)),
    ("git tag -a|--annotate|-s|--sign", X, N, Some(false)), ("git tag -m|--message|-F|--file", I, N, Some(false)),
    ("git rebase -i|--interactive", X, N, Some(false)), ("git add -p|-i|--patch|--interactive", X, N, Some(false)),
    ("git fetch|pull|push|clone|ls-remote|submodule|archive|lfs|send-email|request-pull|svn|p4", L, N, Some(false)),
    ("git ls-remote", L, N, Some(true)), ("git remote update|prune|show", L, N, None), ("git gc|repack|fsck|prune|bisect", L, N, Some(false)),
    ("svn", L, N, None), ("hg", L, N, None),
    // Package managers: the network, and build scripts.
    ("npm", L, Some(true), Some(false)), ("yarn", L, Some(true), Some(false)), ("pnpm", L, Some(true), Some(false)),
    ("bun", L, Some(true), Some(false)), ("npx", L, N, None), ("pnpx", L, N, None), ("bunx", L, N, None),
    ("npm config|get|root|prefix|bin|help|ls|list|ll|la|explain|why|query", I, Some(false), Some(true)),
    ("npm config set|delete|edit|fix", I, Some(false), Some(false)), ("npm config edit", X, Some(false), Some(false)),
    ("npm set|pkg", I, Some(false), Some(false)),
    ("npm view|info|show|v|whoami|search|outdated|ping|token|owner|access|dist-tag|team|profile", L, Some(false), Some(true)),
    ("npm audit|doctor|pack|login|logout|adduser|deprecate|unpublish|star|stars|fund", L, Some(false), None),
    ("npm version", I, Some(false), None),
    ("yarn config|bin|dir|cache|list|why|licenses", I, Some(false), Some(true)), ("yarn global bin|dir|list", I, Some(false), Some(true)),
    ("yarn info|npm|outdated", L, Some(false), Some(true)),
    ("pnpm config|root|bin|ls|list|why|store", I, Some(false), Some(true)), ("pnpm view|info|outdated", L, Some(false), Some(true)),
    ("bun pm", I, Some(false), Some(true)),
    ("pip", L, Some(true), Some(false)), ("pip3", L, Some(true), Some(false)),
    ("pip show|list|freeze|config|check|inspect|help", I, Some(false), Some(true)), ("pip3 show|list|freeze|config|check|inspect|help", I, Some(false), Some(true)),
    ("apt-get", L, N, Some(false)), ("apt-get upgrade|dist-upgrade|full-upgrade", L, Some(true), Some(false)),
    ("apt", L, N, Some(false)), ("apt upgrade|full-upgrade|dist-upgrade", L, Some(true), Some(false)), ("apt list|show|search", I, N, Some(true)),
    ("apt-cache", I, N, Some(true)), ("dpkg", I, N, Some(false)), ("dpkg -l|-s|-L|--list|--status|--listfiles|-S|--search|--print-architecture", I, N, Some(true)),
    ("dpkg-query", I, N, Some(true)), ("rpm", I, N, Some(true)), ("rpm -i|-U|-e|--install|--upgrade|--erase", I, N, Some(false)),
    ("yum", L, N, Some(false)), ("dnf", L, N, Some(false)), ("apk", L, N, Some(false)), ("pacman", L, N, Some(false)),
    ("zypper", L, N, Some(false)), ("brew", L, N, Some(false)), ("brew install|upgrade|reinstall", L, Some(true), Some(false)),
    ("brew list|--prefix|--cellar|info|config", I, Some(false), Some(true)), ("port", L, N, Some(false)), ("choco", L, N, Some(false)),
    ("winget", L, N, Some(false)), ("scoop", L, N, Some(false)), ("snap", L, N, Some(false)), ("snap list|info", I, N, Some(true)),
    ("flatpak", L, N, Some(false)), ("gem", L, N, Some(false)), ("bundle", L, N, Some(false)), ("composer", L, Some(true), Some(false)),
    ("cargo", L, Some(true), Some(false)), ("go", L, N, Some(false)), ("go env|version|list", I, N, Some(true)),
    ("go build|test|get|install|mod", L, Some(true), Some(false)), ("nvm", L, N, Some(false)), ("nvm use|current|ls|list|which|alias", I, N, Some(true)),
    ("corepack", L, N, Some(false)), ("volta", L, N, Some(false)), ("prebuild-install", L, N, Some(false)),
    ("node-gyp", L, Some(true), Some(false)), ("electron-rebuild", L, Some(true), Some(false)), ("snapcraft", L, N, Some(false)),
    // Builds, compilers, bundlers, encoders.
    ("make", L, Some(true), Some(false)), ("cmake", L, Some(true), Some(false)), ("ninja", L, Some(true), Some(false)),
    ("mvn", L, Some(true), Some(false)), ("gradle", L, Some(true), Some(false)), ("gradlew", L, Some(true), Some(false)),
    ("ant", L, Some(true), Some(false)), ("msbuild", L, Some(true), Some(false)), ("dotnet", L, Some(true), Some(false)),
    ("xcodebuild", L, Some(true), Some(false)), ("gcc", L, Some(true), Some(false)), ("g++", L, Some(true), Some(false)),
    ("clang", L, Some(true), Some(false)), ("clang++", L, Some(true), Some(false)), ("cc", L, Some(true), Some(false)),
    ("webpack", L, Some(true), Some(false)), ("tsc", L, N, Some(false)), ("rollup", L, N, Some(false)), ("vite", L, N, Some(false)),
    ("ffmpeg", L, Some(true), Some(false)), ("avconv", L, Some(true), Some(false)), ("ffprobe", L, N, Some(true)),
    ("libreoffice", L, N, Some(false)), ("soffice", L, N, Some(false)), ("pandoc", U, N, Some(false)),
    ("latexmk", L, Some(true), Some(false)), ("pdflatex", L, Some(true), Some(false)), ("xelatex", L, Some(true), Some(false)),
    ("rsync", L, Some(true), Some(false)), ("wget", L, Some(true), Some(false)), ("curl", L, N, None), ("scp", L, N, Some(false)),
    ("sftp", L, N, Some(false)), ("ftp", L, N, Some(false)), ("ssh", L, N, None), ("nc", L, N, None), ("telnet", L, N, None),
    ("openssl", I, N, None), ("openssl s_client", L, N, None), ("security", L, N, None), ("osascript", L, N, None),
    ("terraform", L, N, Some(false)), ("kubectl", L, N, None), ("kubectl logs", L, Some(true), Some(true)),
    ("helm", L, N, None), ("aws", L, N, None), ("gcloud", L, N, None), ("az", L, N, None), ("gh", L, N, None),
    ("heroku", L, N, None), ("vagrant", L, Some(true), None), ("prlctl", L, N, None), ("vboxmanage", L, N, None),
    ("qemu-img", L, N, None), ("chrome", L, N, None), ("chromium", L, N, None), ("google-chrome", L, N, None),
    ("firefox", L, N, None), ("bisect-builds.py", L, N, None),
    // Containers: everything but the client's own version asks the daemon.
    ("docker", L, Some(true), None), ("podman", L, Some(true), None),
    ("docker version|ps|images|inspect|info|stop|rm|rmi|kill|start|restart|pause|unpause|tag|port|top|diff|create|wait|volume|network|context|login|logout|search|history|container|image|cp|rename|update|events|plugin|secret|config|node|service|stack|swarm|system", L, Some(false), None),
    ("docker version|ps|images|inspect|info|port|top|diff|history|search", L, Some(false), Some(true)),
    ("docker run -d|--detach", L, Some(false), None), ("docker exec -d|--detach", L, Some(false), None),
    ("docker run -i|-t|--interactive|--tty", X, N, None), ("docker exec -i|-t|--interactive|--tty", X, N, None),
    ("docker attach", X, N, None), ("docker stats --no-stream", L, Some(false), Some(true)),
    ("podman version|ps|images|inspect|info|stop|rm|rmi|kill|start|restart|pause|unpause|tag|port|top|create|wait|volume|network|login|logout|search|container|image", L, Some(false), None),
    ("podman run -d|--detach", L, Some(false), None), ("podman run -i|-t|--interactive|--tty", X, N, None),
];

/// Options that take a value before the subcommand (`git -C dir status`).
const VALUE_OPTIONS: &[(&str, &[&str])] = &[
    ("git", &["-C", "-c", "--git-dir", "--work-tree", "--namespace"]),
    ("docker", &["-H", "--host", "--context", "-c", "--config", "-l", "--log-level"]),
    ("podman", &["--url", "-c", "--connection"]),
    ("npm", &["--prefix", "-C", "-w", "--workspace"]),
    ("yarn", &["--cwd"]),
    ("pnpm", &["-C", "--dir", "--filter", "-F"]),
    ("kubectl", &["-n", "--namespace", "--context", "--kubeconfig"]),
];

const VERSION_WORDS: &[&str] = &["--version", "-v", "-V", "-version", "version", "--help", "-h", "help", "/?", "-?"];

type Parsed = (Pattern<'static>, Option<Kind>, Option<bool>, Option<bool>);

/// The entries of [`COMMANDS`] for one program, parsed once.
fn builtin(program: &str) -> &'static [Parsed] {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<String, Vec<Parsed>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut m: rustc_hash::FxHashMap<String, Vec<Parsed>> = Default::default();
        for (p, k, c, q) in COMMANDS {
            if let Some(pat) = parse_pattern(p) {
                m.entry(pat.program.to_ascii_lowercase()).or_default().push((pat, *k, *c, *q));
            }
        }
        m
    });
    table.get(program).map_or(&[], Vec::as_slice)
}

struct Pattern<'p> {
    program: &'p str,
    sub: Option<Vec<&'p str>>,
    flags: Vec<Vec<&'p str>>,
    no_more: bool,
}

fn parse_pattern(p: &str) -> Option<Pattern<'_>> {
    let mut words = p.split_whitespace();
    let program = words.next()?;
    let mut pat = Pattern { program, sub: None, flags: Vec::new(), no_more: false };
    for (i, w) in words.enumerate() {
        if w == "--" {
            pat.no_more = true;
        } else if i == 0 && !w.starts_with('-') && !w.starts_with('/') {
            pat.sub = Some(w.split('|').collect());
        } else {
            pat.flags.push(w.split('|').collect());
        }
    }
    Some(pat)
}

fn flag_present(args: &[Option<&str>], spellings: &[&str]) -> bool {
    args.iter().flatten().any(|a| {
        spellings.iter().any(|s| {
            if a.eq_ignore_ascii_case(s) {
                return true;
            }
            // `--message=x` and `-m` in a group of one-letter flags (`-dit`).
            if s.starts_with("--") && a.starts_with(&format!("{s}=")) {
                return true;
            }
            let short = s.len() == 2 && s.starts_with('-') && s.as_bytes()[1].is_ascii_alphabetic();
            short
                && a.len() > 2
                && a.starts_with('-')
                && !a.starts_with("--")
                && a[1..].chars().all(|c| c.is_ascii_alphabetic())
                && a[1..].contains(&s[1..])
        })
    })
}

/// The subcommand: the first argument that is not an option (or an option's value).
/// `None` inside means it is not known.
fn subcommand<'w>(program: &str, args: &[Option<&'w str>]) -> Option<Option<&'w str>> {
    let takes_value = VALUE_OPTIONS.iter().find(|(p, _)| *p == program).map_or(&[][..], |(_, o)| *o);
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        let Some(a) = a else { return Some(None) };
        if a.starts_with('-') {
            skip = takes_value.contains(a);
            continue;
        }
        return Some(Some(a));
    }
    None
}

/// A score for how specific a matching pattern is, or `None` when it does not match.
fn match_score(pat: &Pattern<'_>, program: &str, args: &[Option<&str>], sub: Option<Option<&str>>) -> Option<u32> {
    if !pat.program.eq_ignore_ascii_case(program) {
        return None;
    }
    let mut score = 1;
    if let Some(subs) = &pat.sub {
        let Some(Some(s)) = sub else { return None };
        if !subs.iter().any(|x| x.eq_ignore_ascii_case(s)) {
            return None;
        }
        score += 8;
    }
    for f in &pat.flags {
        if !flag_present(args, f) {
            return None;
        }
        score += 2;
    }
    if pat.no_more {
        let rest = if pat.sub.is_some() { args.len().saturating_sub(1) } else { args.len() };
        if rest != pat.flags.len() || args.iter().any(Option::is_none) {
            return None;
        }
        score += 1;
    }
    Some(score)
}

fn classify_segment(seg: &Segment, user: &UserLists<'_>) -> Class {
    let mut args: Vec<Option<&str>> = seg.words.iter().skip(1).map(Word::text).collect();
    // `tar czvf x.tgz dir`: old-style flags without the dash.
    let dashed;
    if let (Some("tar" | "bsdtar" | "gtar"), Some(Some(first))) = (seg.program().as_deref(), args.first())
        && !first.is_empty()
        && first.chars().all(|c| c.is_ascii_alphabetic())
    {
        dashed = format!("-{first}");
        args[0] = Some(&dashed);
    }
    let version_query = matches!(args.as_slice(), [Some(a)] if VERSION_WORDS.contains(a));
    let Some(program) = seg.program() else {
        // `"<some path>" --version`: a version query whatever the program.
        return if version_query { Class { kind: Kind::Instant, chatty: false, query: true } } else { Class::UNKNOWN };
    };
    let sub = subcommand(&program, &args);
    // (score, kind, chatty, query) of the best match so far, per attribute.
    let mut kind: (u32, Option<Kind>) = (0, None);
    let mut chatty: (u32, Option<bool>) = (0, None);
    let mut query: (u32, Option<bool>) = (0, None);
    let mut consider = |score: u32, k: Option<Kind>, c: Option<bool>, q: Option<bool>| {
        if k.is_some() && score >= kind.0 {
            kind = (score, k);
        }
        if c.is_some() && score >= chatty.0 {
            chatty = (score, c);
        }
        if q.is_some() && score >= query.0 {
            query = (score, q);
        }
    };
    // Built-in entries score 2·s, user entries 2·s + 1: the user wins ties.
    for (pat, k, c, q) in builtin(&program) {
        if let Some(s) = match_score(pat, &program, &args, sub) {
            consider(2 * s, *k, *c, *q);
        }
    }
    if version_query {
        // Between the program alone (2) and a subcommand or flag entry (≥ 6).
        consider(4, I, Some(false), Some(true));
    }
    let lists: [(&[String], Option<Kind>, Option<bool>); 4] = [
        (user.instant, I, None),
        (user.long_running, L, None),
        (user.interactive, X, None),
        (user.chatty, None, Some(true)),
    ];
    for (list, k, c) in lists {
        for p in list {
            if let Some(pat) = parse_pattern(p)
                && let Some(s) = match_score(&pat, &program, &args, sub)
            {
                consider(2 * s + 1, k, c, None);
            }
        }
    }
    let mut kind = kind.1.unwrap_or(Kind::Unknown);
    if seg.bounded && kind != Kind::Interactive {
        kind = Kind::Instant;
    }
    Class { kind, chatty: chatty.1.unwrap_or(false), query: query.1.unwrap_or(false) }
}

// ---------------------------------------------------------------------------
// Reading a call's command.

/// At most this many values of one expression are followed; a command with more is
/// read as one line that runs them all in turn (which classifies the same: the
/// model joins alternatives as it joins the commands of a line).
const MAX_ALTERNATIVES: usize = 32;
const MAX_LINES: usize = 8;
const MAX_DEPTH: u32 = 8;

type Text = Vec<Piece>;

fn product(a: Vec<Text>, b: Vec<Text>) -> Vec<Text> {
    let mut out = Vec::new();
    for x in &a {
        for y in &b {
            let mut t = x.clone();
            t.extend(y.iter().cloned());
            out.push(t);
        }
    }
    out
}

fn union(mut a: Vec<Text>, b: Vec<Text>) -> Vec<Text> {
    for t in b {
        if !a.contains(&t) {
            a.push(t);
        }
    }
    a
}

fn lit(s: impl Into<String>) -> Vec<Text> {
    vec![vec![Piece::Lit(s.into())]]
}

fn hole() -> Vec<Text> {
    vec![vec![Piece::Hole]]
}

/// Where texts are read from: the call (assignments after it do not reach it), and
/// the variables whose own assignment is being read (their values so far).
struct At {
    before: u32,
    selves: std::cell::RefCell<Vec<(Id, Vec<Text>, bool)>>,
    /// Expressions left to read for this call: variables assigned from variables
    /// assigned from variables must not multiply the work.
    budget: std::cell::Cell<u32>,
}

/// At most this many expressions are read for one call's command.
const BUDGET: u32 = 2_000;

/// The texts an expression can have, as seen from the call of `at`.
fn texts<'a>(sem: &Semantic<'a>, e: &'a Expr, at: &At, depth: u32) -> Vec<Text> {
    let left = at.budget.get();
    if left == 0 {
        return hole();
    }
    at.budget.set(left - 1);
    let out = texts_inner(sem, e, at, depth);
    if out.is_empty() || out.len() > MAX_ALTERNATIVES { from_shape(sem, e) } else { out }
}

fn from_shape<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Vec<Text> {
    let shape = sem.shape(e);
    let mut t = Vec::new();
    for p in shape.parts {
        match p {
            Part::Lit(s) => t.push(Piece::Lit(s)),
            _ => t.push(Piece::Hole),
        }
    }
    vec![t]
}

fn texts_inner<'a>(sem: &Semantic<'a>, e: &'a Expr, at: &At, depth: u32) -> Vec<Text> {
    if depth > MAX_DEPTH {
        return hole();
    }
    let d = depth + 1;
    match unparen(e) {
        Expr::Lit(Lit::Str(s)) => lit(s.value.to_string_lossy()),
        Expr::Lit(Lit::Num(_)) | Expr::Lit(Lit::Bool(_)) => from_shape(sem, e),
        Expr::Tpl(t) => {
            let mut out: Vec<Text> = vec![Vec::new()];
            for (i, q) in t.quasis.iter().enumerate() {
                let text = q.cooked.as_ref().map_or_else(|| q.raw.to_string(), |c| c.to_string_lossy().into_owned());
                out = product(out, lit(text));
                if let Some(ex) = t.exprs.get(i) {
                    out = product(out, texts(sem, ex, at, d));
                }
                if out.len() > MAX_ALTERNATIVES {
                    return from_shape(sem, e);
                }
            }
            out
        }
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            let operands = add_operands(e);
            if operands.len() > 64 {
                return from_shape(sem, e);
            }
            let mut out: Vec<Text> = vec![Vec::new()];
            for o in operands {
                out = product(out, texts(sem, o, at, d));
                if out.len() > MAX_ALTERNATIVES {
                    return from_shape(sem, e);
                }
            }
            out
        }
        Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
            union(texts(sem, &b.left, at, d), texts(sem, &b.right, at, d))
        }
        Expr::Bin(b) if b.op == BinaryOp::LogicalAnd => texts(sem, &b.right, at, d),
        Expr::Cond(c) => union(texts(sem, &c.cons, at, d), texts(sem, &c.alt, at, d)),
        Expr::Member(m) => member_texts(sem, m).unwrap_or_else(|| from_shape(sem, e)),
        Expr::Ident(i) => ident_texts(sem, i, at, d).unwrap_or_else(|| from_shape(sem, e)),
        Expr::Call(c) => {
            // `path.join(dir, "setup.exe")`: an unknown directory, a known name.
            if let Callee::Expr(callee) = &c.callee
                && matches!(sem.callable(sem.sym_of(callee)), Sym::PathFn)
                && let Some(last) = c.args.last()
                && last.spread.is_none()
                && let Some(name) = sem.shape(&last.expr).as_literal()
            {
                return vec![vec![Piece::Hole, Piece::Lit(format!("/{name}"))]];
            }
            from_shape(sem, e)
        }
        _ => from_shape(sem, e),
    }
}

/// The operands of `a + b + c`, left to right (at most 65: longer chains are
/// generated code and read as one unknown value).
fn add_operands(e: &Expr) -> Vec<&Expr> {
    let mut operands = Vec::new();
    let mut cur = unparen(e);
    while let Expr::Bin(b) = cur {
        if b.op != BinaryOp::Add || operands.len() > 64 {
            break;
        }
        operands.push(&*b.right);
        cur = unparen(&b.left);
    }
    operands.push(cur);
    operands.reverse();
    operands
}

fn member_texts(sem: &Semantic<'_>, m: &MemberExpr) -> Option<Vec<Text>> {
    let prop = member_name(&m.prop)?;
    match unparen(&m.obj) {
        Expr::Ident(o) if o.sym == *"process" && sem.is_unresolved(o.ctxt) && prop == "execPath" => {
            Some(vec![vec![Piece::ExecPath]])
        }
        // `process.env.ComSpec` is `cmd.exe`; `process.env.SHELL` a POSIX shell.
        Expr::Member(env)
            if member_name(&env.prop).as_deref() == Some("env")
                && matches!(unparen(&env.obj), Expr::Ident(o) if o.sym == *"process" && sem.is_unresolved(o.ctxt)) =>
        {
            match prop.to_ascii_lowercase().as_str() {
                "comspec" => Some(lit("cmd.exe")),
                "shell" => Some(lit("sh")),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The values of a variable: its initial value and the assignments written before
/// the call (`+=` appends to each value so far). `None` when not a variable.
fn ident_texts<'a>(sem: &Semantic<'a>, i: &'a Ident, at: &At, d: u32) -> Option<Vec<Text>> {
    if let Some(entry) = at.selves.borrow_mut().iter_mut().rev().find(|(id, _, _)| *id == i.to_id()) {
        entry.2 = true;
        return Some(if entry.1.is_empty() { lit("") } else { entry.1.clone() });
    }
    let b = sem.bindings.get(i)?;
    let Decl::Var { init, path, .. } = &b.decl else {
        return None;
    };
    // A variable built in hundreds of steps is generated code: its shape will do.
    if !path.is_empty() || b.opaque_writes || b.assigns.len() > 64 {
        return None;
    }
    let mut out: Vec<Text> = match init {
        Some(e) if sem.shape(e).as_literal().as_deref() != Some("") => texts(sem, e, at, d),
        _ => Vec::new(),
    };
    let id = i.to_id();
    for (op, e) in &b.assigns {
        if e.span().hi.0 > at.before {
            continue;
        }
        // The right-hand side sees the variable's values so far (`cmd = cmd + x`,
        // `cmd = `${cmd}x``): then it replaces them; otherwise it is one more value.
        at.selves.borrow_mut().push((id.clone(), out.clone(), false));
        let t = texts(sem, e, at, d);
        let used = at.selves.borrow_mut().pop().is_some_and(|(_, _, used)| used);
        match op {
            AssignOp::Assign if used => out = t,
            AssignOp::Assign => out = union(out, t),
            AssignOp::AddAssign => {
                let base = if out.is_empty() { vec![Vec::new()] } else { out };
                out = product(base, t);
                out.dedup();
            }
            _ => return Some(hole()),
        }
        if out.len() > MAX_ALTERNATIVES {
            return None;
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// Reads the command of `site` (after its argv, shell and options are known).
pub fn of<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, argv: &Argv<'a>, shell_option: ShellOpt) -> CommandText {
    if !site.api.is_process() || site.spread && site.command.is_none() {
        return CommandText::default();
    }
    let Some(cmd) = site.command else {
        return CommandText::default();
    };
    let at = At { before: site.span.lo.0, selves: Default::default(), budget: std::cell::Cell::new(BUDGET) };
    let mut programs = texts(sem, cmd, &at, 0);
    if programs.len() > MAX_LINES && site.api.is_shell_string() {
        let mut one = Vec::new();
        for (i, t) in programs.into_iter().enumerate() {
            if i > 0 {
                one.push(Piece::Lit("\n".into()));
            }
            one.extend(t);
        }
        programs = vec![one];
    } else {
        programs.truncate(MAX_LINES);
    }
    let mut lines = Vec::new();
    match site.api {
        Api::Exec | Api::ExecSync | Api::ShellString => {
            for t in &programs {
                lines.push(Line { segments: parse_shell(t, ShellFamily::Posix, 0) });
            }
        }
        Api::ExecaCommand => {
            for t in &programs {
                let segments = if matches!(shell_option, ShellOpt::On(_)) {
                    parse_shell(t, ShellFamily::Posix, 0)
                } else {
                    simple(split_words(t), 0)
                };
                lines.push(Line { segments });
            }
        }
        Api::Fork => {
            let mut words = vec![Word::ExecPath];
            words.extend(programs.first().map(|t| Word::of(t)));
            lines.push(Line { segments: vec![Segment { words, bounded: false }] });
        }
        _ => {
            // `(file, args)`: the argv as words; with `shell`, one command line.
            let mut args: Vec<Text> = Vec::new();
            match argv {
                Argv::Absent => {}
                Argv::Opaque(_) => args.push(vec![Piece::Hole]),
                Argv::Elements(els) => {
                    for el in els {
                        if el.spread.is_some() {
                            args.push(vec![Piece::Hole]);
                            continue;
                        }
                        let t = texts(sem, &el.expr, &at, 0);
                        args.push(if t.len() == 1 {
                            t.into_iter().next().unwrap_or_default()
                        } else {
                            vec![Piece::Hole]
                        });
                    }
                }
            }
            for p in &programs {
                let segments = if matches!(shell_option, ShellOpt::On(_)) {
                    let mut joined = p.clone();
                    for a in &args {
                        joined.push(Piece::Lit(" ".into()));
                        joined.extend(a.iter().cloned());
                    }
                    parse_shell(&joined, ShellFamily::Posix, 0)
                } else {
                    let mut words = vec![Word::of(p)];
                    words.extend(args.iter().map(|a| Word::of(a)));
                    // `spawn(cmd)` with `cmd` a whole command line: the first word is the program.
                    if args.is_empty() && matches!(&words[0], Word::Lit(s) if s.trim().contains(' ')) {
                        simple(split_words(p), 0)
                    } else {
                        simple_words(words, 0)
                    }
                };
                lines.push(Line { segments });
            }
        }
    }
    lines.dedup();
    CommandText { lines }
}

/// Splits text on whitespace only (execa's `execaCommand`).
fn split_words(t: &Text) -> Vec<Vec<Piece>> {
    let mut words: Vec<Vec<Piece>> = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    for p in t {
        match p {
            Piece::Lit(s) => {
                let mut buf = String::new();
                for c in s.chars() {
                    if c.is_whitespace() {
                        if !buf.is_empty() {
                            cur.push(Piece::Lit(std::mem::take(&mut buf)));
                        }
                        if !cur.is_empty() {
                            words.push(std::mem::take(&mut cur));
                        }
                    } else {
                        buf.push(c);
                    }
                }
                if !buf.is_empty() {
                    cur.push(Piece::Lit(buf));
                }
            }
            other => cur.push(other.clone()),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[derive(Debug)]
enum Tok {
    Word(Vec<Piece>),
    /// A command separator (`;`, `&&`, `||`, `|`, `&`, newline, parentheses).
    Sep,
    /// A redirection whose target is the next word (`>`, `2>`, `<`).
    Redirect,
}

/// Splits a shell command line into words and separators.
#[allow(unused_assignments)]
fn tokenize(t: &Text, family: ShellFamily) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut buf = String::new();
    let mut started = false;
    let mut quote: Option<char> = None;
    let escape = match family {
        ShellFamily::Posix => Some('\\'),
        ShellFamily::Cmd => Some('^'),
        ShellFamily::PowerShell => Some('`'),
        // Interpreters run code, not a command line; they are never tokenized.
        ShellFamily::Interpreter => None,
    };
    macro_rules! end_word {
        () => {
            if !buf.is_empty() {
                cur.push(Piece::Lit(std::mem::take(&mut buf)));
            }
            if started || !cur.is_empty() {
                toks.push(Tok::Word(std::mem::take(&mut cur)));
            }
            started = false;
        };
    }
    for p in t {
        let s = match p {
            Piece::Lit(s) => s,
            other => {
                if !buf.is_empty() {
                    cur.push(Piece::Lit(std::mem::take(&mut buf)));
                }
                cur.push(other.clone());
                started = true;
                continue;
            }
        };
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                } else if q == '"' && family == ShellFamily::Posix && c == '\\' {
                    if let Some(n) = chars.next() {
                        buf.push(n);
                    }
                } else {
                    buf.push(c);
                }
                continue;
            }
            match c {
                '\'' if family != ShellFamily::Cmd => {
                    quote = Some('\'');
                    started = true;
                }
                '"' => {
                    quote = Some('"');
                    started = true;
                }
                // A backslash before a letter is a Windows path separator far more
                // often than an escape (`C:\\Windows\\system32\\taskkill.exe`).
                c if Some(c) == escape
                    && !(c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '.')) =>
                {
                    if let Some(n) = chars.next() {
                        buf.push(n);
                        started = true;
                    }
                }
                c if c.is_whitespace() => {
                    end_word!();
                    if c == '\n' {
                        toks.push(Tok::Sep);
                    }
                }
                ';' | '|' | '(' | ')' => {
                    end_word!();
                    toks.push(Tok::Sep);
                    if c == '|' && chars.peek() == Some(&'|') {
                        chars.next();
                    }
                }
                '&' => {
                    end_word!();
                    if chars.peek() == Some(&'>') {
                        chars.next();
                        toks.push(Tok::Redirect);
                    } else {
                        toks.push(Tok::Sep);
                        if chars.peek() == Some(&'&') {
                            chars.next();
                        }
                    }
                }
                '>' | '<' => {
                    // `2>`, `>>`, `2>&1`, `<`: drop a file-descriptor number before it.
                    if buf.chars().all(|d| d.is_ascii_digit()) && cur.is_empty() {
                        buf.clear();
                        started = false;
                    }
                    end_word!();
                    while chars.peek().is_some_and(|n| *n == '>' || *n == '<') {
                        chars.next();
                    }
                    if chars.peek() == Some(&'&') {
                        chars.next();
                        while chars.peek().is_some_and(|n| n.is_ascii_digit() || *n == '-') {
                            chars.next();
                        }
                    } else {
                        toks.push(Tok::Redirect);
                    }
                }
                '`' if family == ShellFamily::Posix => {
                    // Command substitution: unknown text.
                    for n in chars.by_ref() {
                        if n == '`' {
                            break;
                        }
                    }
                    if !buf.is_empty() {
                        cur.push(Piece::Lit(std::mem::take(&mut buf)));
                    }
                    cur.push(Piece::Hole);
                    started = true;
                }
                '$' if family == ShellFamily::Posix
                    && matches!(chars.peek(), Some('(' | '{') | Some('A'..='Z' | 'a'..='z' | '_' | '0'..='9')) =>
                {
                    // `$(...)`, `${X}`, `$X`: unknown text.
                    match chars.peek().copied() {
                        Some('(') => {
                            let mut open = 0;
                            for n in chars.by_ref() {
                                match n {
                                    '(' => open += 1,
                                    ')' => {
                                        open -= 1;
                                        if open == 0 {
                                            break;
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                        Some('{') => {
                            for n in chars.by_ref() {
                                if n == '}' {
                                    break;
                                }
                            }
                        }
                        _ => {
                            while chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_') {
                                chars.next();
                            }
                        }
                    }
                    if !buf.is_empty() {
                        cur.push(Piece::Lit(std::mem::take(&mut buf)));
                    }
                    cur.push(Piece::Hole);
                    started = true;
                }
                '#' if family == ShellFamily::Posix && buf.is_empty() && cur.is_empty() && !started => {
                    // A comment, to the end of the line.
                    for n in chars.by_ref() {
                        if n == '\n' {
                            toks.push(Tok::Sep);
                            break;
                        }
                    }
                }
                _ => {
                    buf.push(c);
                    started = true;
                }
            }
        }
    }
    end_word!();
    toks
}

/// Reads a command line into simple commands.
fn parse_shell(t: &Text, family: ShellFamily, depth: u32) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut words: Vec<Vec<Piece>> = Vec::new();
    let mut skip_next = false;
    for tok in tokenize(t, family) {
        match tok {
            Tok::Word(w) => {
                if skip_next {
                    skip_next = false;
                } else {
                    words.push(w);
                }
            }
            Tok::Redirect => skip_next = true,
            Tok::Sep => {
                skip_next = false;
                out.extend(simple(std::mem::take(&mut words), depth));
            }
        }
    }
    out.extend(simple(words, depth));
    out
}

fn simple(words: Vec<Vec<Piece>>, depth: u32) -> Vec<Segment> {
    simple_words(words.iter().map(|w| Word::of(w)).collect(), depth)
}

const KEYWORDS: &[&str] = &["!", "{", "}", "then", "do", "else", "elif", "if", "time", "&"];
const CLOSERS: &[&str] = &["done", "fi", "esac", "}", "end"];
/// Programs that run the command after their own options.
const PREFIXES: &[&str] = &[
    "sudo",
    "doas",
    "env",
    "nice",
    "nohup",
    "time",
    "command",
    "builtin",
    "exec",
    "stdbuf",
    "ionice",
    "caffeinate",
    "chrt",
];

fn is_assignment(w: &Word) -> bool {
    match w {
        Word::Lit(s) => is_assignment_text(s),
        Word::Assign => true,
        _ => false,
    }
}

/// One simple command: strips assignments, keywords and prefixes, and reads the
/// script of an explicit shell.
fn simple_words(mut words: Vec<Word>, depth: u32) -> Vec<Segment> {
    let mut bounded = false;
    loop {
        let Some(first) = words.first() else { return Vec::new() };
        let text = first.text().map(str::to_ascii_lowercase);
        match text.as_deref() {
            Some(k) if KEYWORDS.contains(&k) => {
                words.remove(0);
            }
            Some(k) if CLOSERS.contains(&k) && words.len() == 1 => return Vec::new(),
            // `for x in a b c` (the loop header) and `case` labels do nothing themselves.
            Some("for" | "select" | "in") => return Vec::new(),
            Some("while" | "until" | "case") => return vec![Segment { words: vec![Word::Unknown], bounded }],
            _ if is_assignment(first) => {
                words.remove(0);
            }
            Some(p) if PREFIXES.contains(&base_name(p).unwrap_or_default().as_str()) && words.len() > 1 => {
                let prefix = base_name(p).unwrap_or_default();
                let whole = words.clone();
                words.remove(0);
                // Its options (and their values), then `VAR=value` for `env`.
                while let Some(Word::Lit(w)) = words.first() {
                    if w.starts_with('-') {
                        let takes_value = matches!(
                            (prefix.as_str(), w.as_str()),
                            ("sudo", "-u" | "-g" | "-C" | "-p" | "-h")
                                | ("nice", "-n")
                                | ("env", "-u" | "-C")
                                | ("ionice", "-c" | "-n")
                        );
                        words.remove(0);
                        if takes_value && !words.is_empty() {
                            words.remove(0);
                        }
                    } else if prefix == "env" && is_assignment(&words[0])
                        || (prefix == "nice" && w.parse::<i32>().is_ok())
                    {
                        words.remove(0);
                    } else {
                        break;
                    }
                }
                if words.is_empty() {
                    // `sudo -k`, `env`: the prefix is the command.
                    return vec![Segment { words: whole, bounded }];
                }
            }
            Some(p) if base_name(p).as_deref() == Some("timeout") && words.len() > 2 => {
                // `timeout [-s SIG] [-k T] 10 cmd ...`
                words.remove(0);
                while let Some(Word::Lit(w)) = words.first() {
                    if w.starts_with('-') {
                        let takes_value = matches!(w.as_str(), "-s" | "-k" | "--signal" | "--kill-after");
                        words.remove(0);
                        if takes_value && !words.is_empty() {
                            words.remove(0);
                        }
                    } else {
                        break;
                    }
                }
                if !words.is_empty() {
                    words.remove(0);
                }
                bounded = true;
            }
            _ => break,
        }
    }
    // An explicit shell: the script it runs.
    let seg = Segment { words, bounded };
    if depth < 3
        && let Some(Word::Lit(p)) = seg.words.first()
        && let Some(family) = shell_family(p)
    {
        let flag_at = seg.words.iter().skip(1).position(|w| w.text().is_some_and(|f| is_script_flag(family, f)));
        if let Some(at) = flag_at.map(|i| i + 1) {
            let script: Text = match family {
                ShellFamily::Posix => match seg.words.get(at + 1) {
                    Some(w) => word_text(w),
                    None => return vec![seg],
                },
                _ => {
                    let mut t = Vec::new();
                    for (i, w) in seg.words[at + 1..].iter().enumerate() {
                        if i > 0 {
                            t.push(Piece::Lit(" ".into()));
                        }
                        t.extend(word_text(w));
                    }
                    t
                }
            };
            let mut inner = parse_shell(&script, family, depth + 1);
            for s in &mut inner {
                s.bounded |= seg.bounded;
            }
            return if inner.is_empty() { vec![Segment { words: vec![Word::Unknown], bounded }] } else { inner };
        }
    }
    vec![seg]
}

fn word_text(w: &Word) -> Text {
    match w {
        Word::Lit(s) => vec![Piece::Lit(s.clone())],
        Word::Tail(t) => vec![Piece::Hole, Piece::Lit(t.clone())],
        Word::Unknown | Word::Assign => vec![Piece::Hole],
        Word::ExecPath => vec![Piece::ExecPath],
    }
}

fn is_script_flag(family: ShellFamily, flag: &str) -> bool {
    match family {
        ShellFamily::Posix => {
            flag.len() >= 2
                && flag.starts_with('-')
                && !flag.starts_with("--")
                && flag[1..].chars().all(|c| c.is_ascii_alphabetic())
                && flag.contains('c')
        }
        // `/d /s /c` written as one argument (nodemon) counts too.
        ShellFamily::Cmd => flag.split_whitespace().any(|f| matches!(f.to_ascii_lowercase().as_str(), "/c" | "/k")),
        ShellFamily::PowerShell => matches!(flag.to_ascii_lowercase().as_str(), "-command" | "-c" | "/command" | "/c"),
        // `node -e` runs JavaScript, not a command line: the command model does not read it.
        ShellFamily::Interpreter => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Vec<Vec<String>> {
        parse_shell(&vec![Piece::Lit(s.into())], ShellFamily::Posix, 0)
            .into_iter()
            .map(|seg| seg.words.iter().map(|w| w.text().unwrap_or("?").to_string()).collect())
            .collect()
    }

    fn kind(s: &str) -> Class {
        let segments = parse_shell(&vec![Piece::Lit(s.into())], ShellFamily::Posix, 0);
        classify_text(&CommandText { lines: vec![Line { segments }] }, &UserLists::default())
    }

    #[test]
    fn shell_lines_split_into_simple_commands() {
        assert_eq!(
            line("export LC_ALL=C; lscpu; echo -n \"Governor: \"; cat /sys/x 2>/dev/null; echo; unset LC_ALL"),
            vec![
                vec!["export", "LC_ALL=C"],
                vec!["lscpu"],
                vec!["echo", "-n", "Governor: "],
                vec!["cat", "/sys/x"],
                vec!["echo"],
                vec!["unset", "LC_ALL"]
            ]
        );
        assert_eq!(
            line("who; echo \"---\"; w | tail -n +2"),
            vec![vec!["who"], vec!["echo", "---"], vec!["w"], vec!["tail", "-n", "+2"]]
        );
        assert_eq!(line("FOO=1 sudo -n git fetch"), vec![vec!["git", "fetch"]]);
        assert_eq!(line("sh -c 'git push && echo ok'"), vec![vec!["git", "push"], vec!["echo", "ok"]]);
        assert_eq!(line("cmd.exe /c echo %X%"), vec![vec!["echo", "%X%"]]);
        assert_eq!(line("for f in a b; do cat $f; done"), vec![vec!["cat", "?"]]);
    }

    #[test]
    fn commands_are_classified_by_subcommand_and_flags() {
        assert_eq!(kind("git rev-parse HEAD").kind, Kind::Instant);
        assert_eq!(kind("git -C dir status").kind, Kind::Instant);
        assert_eq!(kind("git fetch --all").kind, Kind::LongRunning);
        assert_eq!(kind("git commit").kind, Kind::Interactive);
        assert_eq!(kind("git commit -am x").kind, Kind::Instant);
        assert_eq!(kind("npm --version").kind, Kind::Instant);
        assert!(!kind("npm --version").chatty);
        assert!(!kind("npm view x version").chatty);
        assert!(!kind("npm config get prefix").chatty);
        assert!(kind("npm install").chatty);
        assert!(!kind("docker run -d img").chatty);
        assert!(kind("docker run img").chatty);
        assert_eq!(kind("docker version").kind, Kind::LongRunning);
        assert_eq!(kind("docker --version").kind, Kind::Instant);
        assert_eq!(kind("docker run -it img").kind, Kind::Interactive);
        assert_eq!(kind("ps cax | grep x").kind, Kind::Instant);
        assert_eq!(kind("printf x; smartctl -H /dev/sda | grep y").kind, Kind::LongRunning);
        assert_eq!(kind("timeout 10 git fetch").kind, Kind::Instant);
        assert_eq!(kind("mount").kind, Kind::Instant);
        assert_eq!(kind("mount -t nfs a b").kind, Kind::LongRunning);
        assert_eq!(kind("ldd --version").kind, Kind::Instant);
        assert_eq!(kind("mytool").kind, Kind::Unknown);
        assert!(kind("export LC_ALL=C; dmidecode -t 4 | grep x; unset LC_ALL").query);
        assert!(!kind("git push").query);
    }

    #[test]
    fn user_lists_extend_the_tables() {
        let segments = parse_shell(&vec![Piece::Lit("mytool sync now".into())], ShellFamily::Posix, 0);
        let text = CommandText { lines: vec![Line { segments }] };
        let long = vec!["mytool sync".to_string()];
        let instant = vec!["git fetch".to_string()];
        let lists = UserLists { long_running: &long, ..Default::default() };
        assert_eq!(classify_text(&text, &lists).kind, Kind::LongRunning);
        let segments = parse_shell(&vec![Piece::Lit("git fetch".into())], ShellFamily::Posix, 0);
        let text = CommandText { lines: vec![Line { segments }] };
        let lists = UserLists { instant: &instant, ..Default::default() };
        assert_eq!(classify_text(&text, &lists).kind, Kind::Instant);
    }
}
