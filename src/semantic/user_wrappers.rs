//! Wrapper functions declared in `cplint.toml` (`[[wrappers]]`): a project's own
//! helper that runs a command like one of `child_process`'s functions.
//!
//! ```toml
//! [[wrappers]]
//! module = "./lib/shell"   # a path relative to cplint.toml, or a package name
//! export = "run"           # the named export; omit for the module itself
//! like = "exec"            # exec, execSync, execFile, execFileSync, spawn, spawnSync, fork
//! promise = true           # optional: it returns a promise (like `util.promisify(exec)`)
//! ```
//!
//! A wrapper is reached only through a real import of its module — `require`,
//! `import`, `import()` — resolved the same way as the built-in wrapper packages;
//! a function that merely has the same name is never a wrapper. Relative module
//! paths are resolved from the importing file, with or without an extension or a
//! trailing `/index`.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Api;
use crate::emit::ModuleConsts;
use crate::files::normalize;
use crate::models;

/// The constants the project's files export, by module key ([`module_key`]): what
/// the cross-file pass ([`crate::run::project`]) hands to the files it lints again.
pub type ProjectConsts = HashMap<PathBuf, ModuleConsts>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleKey {
    /// A package (or any bare specifier), compared as written.
    Package(String),
    /// A file, absolute and normalised, without extension or `/index`.
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct UserWrapper {
    pub module: ModuleKey,
    /// How the module is named in messages (`module` as written in the config).
    pub label: &'static str,
    /// `None`: calling the module value itself (its default export / `module.exports`).
    pub export: Option<String>,
    pub api: Api,
    pub promise: bool,
    /// The position of the command line among the arguments (`0` for a wrapper
    /// declared in `cplint.toml`).
    pub command_arg: u8,
}

/// A file module's key: no source extension, no trailing `index`.
pub fn module_key(p: &Path) -> PathBuf {
    file_key(p)
}

fn file_key(p: &Path) -> PathBuf {
    let mut p = normalize(p);
    if p.extension().and_then(|e| e.to_str()).is_some_and(|e| crate::files::EXTENSIONS.contains(&e)) {
        p.set_extension("");
    }
    if p.file_name().is_some_and(|n| n == "index") {
        p.pop();
    }
    p
}

pub fn is_path_specifier(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../") || s == "." || s == ".." || s.starts_with('/')
}

/// The `child_process` function a wrapper behaves like.
pub fn api_for(like: &str) -> Option<Api> {
    models::child_process_api(like)
}

impl UserWrapper {
    /// `module` as written in the config; `root` is the config file's folder.
    pub fn new(root: &Path, module: &str, export: Option<&str>, api: Api, promise: bool) -> UserWrapper {
        let key = if is_path_specifier(module) {
            ModuleKey::File(file_key(&root.join(module)))
        } else {
            ModuleKey::Package(module.to_string())
        };
        UserWrapper {
            module: key,
            // Config is read once per run; the label lives as long as the run.
            label: Box::leak(module.to_string().into_boxed_str()),
            export: export.filter(|e| *e != "default").map(String::from),
            api,
            promise,
            command_arg: 0,
        }
    }

    /// An exported function of a project file, found by the cross-file pass:
    /// `path` is the file (absolute), `label` how messages name the function.
    pub fn for_file(path: &Path, export: Option<&str>, api: Api, label: &'static str) -> UserWrapper {
        UserWrapper {
            module: ModuleKey::File(file_key(path)),
            label,
            export: export.filter(|e| *e != "default").map(String::from),
            api,
            promise: false,
            command_arg: 0,
        }
    }

    /// The same wrapper, its command line at argument `index`.
    pub fn with_command_arg(mut self, index: usize) -> UserWrapper {
        self.command_arg = u8::try_from(index).unwrap_or(u8::MAX);
        self
    }

    /// A string every file importing this module must contain (for the pre-filter).
    pub fn needle(&self) -> String {
        match &self.module {
            ModuleKey::Package(p) => p.clone(),
            ModuleKey::File(f) => f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        }
    }
}

/// The configured wrappers, as seen from one file, and the constants of the
/// project's other files.
#[derive(Debug, Clone, Default)]
pub struct FileWrappers {
    pub wrappers: Vec<UserWrapper>,
    /// The absolute folder of the file being linted (for relative specifiers).
    pub dir: Option<PathBuf>,
    /// The file as given (its folder is worked out when first needed).
    pub file: Option<String>,
    /// What the project's files export that is constant (the cross-file pass).
    pub consts: Option<Arc<ProjectConsts>>,
    /// The relative modules whose constants were looked up (absolute paths as the
    /// specifiers name them), in the order first asked, once each.
    pub looked_up: RefCell<Vec<PathBuf>>,
    lazy_dir: OnceCell<Option<PathBuf>>,
}

impl FileWrappers {
    pub fn new(wrappers: &[UserWrapper], file: &str) -> FileWrappers {
        let mut out = FileWrappers { file: Some(file.to_string()), ..FileWrappers::default() };
        if wrappers.is_empty() {
            return out;
        }
        out.dir = folder_of(file);
        out.wrappers = wrappers.to_vec();
        out
    }

    /// [`FileWrappers::new`] with the project's constants.
    pub fn with_consts(mut self, consts: Option<Arc<ProjectConsts>>) -> FileWrappers {
        self.consts = consts;
        self
    }

    fn folder(&self) -> Option<&Path> {
        if let Some(d) = &self.dir {
            return Some(d);
        }
        self.lazy_dir.get_or_init(|| self.file.as_deref().and_then(folder_of)).as_deref()
    }

    /// The constants module `specifier` (a relative path) exports, when the
    /// cross-file pass has summarised it. Records the lookup either way: the pass
    /// summarises what was asked for.
    pub fn module_consts(&self, specifier: &str) -> Option<&ModuleConsts> {
        if !is_path_specifier(specifier) {
            return None;
        }
        let path = normalize(&self.folder()?.join(specifier));
        let key = file_key(&path);
        {
            let mut seen = self.looked_up.borrow_mut();
            if !seen.contains(&path) {
                seen.push(path);
            }
        }
        self.consts.as_ref()?.get(&key)
    }

    /// The index of the first wrapper declared for the module `specifier` names.
    pub fn module_index(&self, specifier: &str) -> Option<usize> {
        if self.wrappers.is_empty() {
            return None;
        }
        let key = if is_path_specifier(specifier) {
            ModuleKey::File(file_key(&self.dir.as_ref()?.join(specifier)))
        } else {
            ModuleKey::Package(specifier.to_string())
        };
        self.wrappers.iter().position(|w| w.module == key)
    }

    /// The wrapper for `export` (`None`: the module value itself) of the module whose
    /// first wrapper is `index`.
    pub fn find(&self, index: usize, export: Option<&str>) -> Option<&UserWrapper> {
        let module = &self.wrappers.get(index)?.module;
        self.wrappers.iter().find(|w| w.module == *module && w.export.as_deref() == export)
    }

    pub fn label(&self, index: usize) -> &'static str {
        self.wrappers.get(index).map_or("", |w| w.label)
    }
}

/// The absolute folder of `file` (relative to the working directory).
fn folder_of(file: &str) -> Option<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    normalize(&cwd.join(file)).parent().map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_specifiers_resolve_from_the_importing_file() {
        let w = UserWrapper::new(Path::new("/repo"), "./lib/sh", Some("run"), Api::Exec, false);
        let fw = FileWrappers { wrappers: vec![w], dir: Some(PathBuf::from("/repo/src/api")), ..Default::default() };
        assert_eq!(fw.module_index("../../lib/sh"), Some(0));
        assert_eq!(fw.module_index("../../lib/sh.js"), Some(0));
        assert_eq!(fw.module_index("../../lib/sh/index.ts"), Some(0));
        assert_eq!(fw.module_index("./lib/sh"), None);
        assert_eq!(fw.module_index("sh"), None);
        assert!(fw.find(0, Some("run")).is_some());
        assert!(fw.find(0, None).is_none());
    }

    #[test]
    fn packages_match_as_written() {
        let w = UserWrapper::new(Path::new("/repo"), "@acme/shell", None, Api::Spawn, false);
        let fw = FileWrappers { wrappers: vec![w], dir: Some(PathBuf::from("/repo")), ..Default::default() };
        assert_eq!(fw.module_index("@acme/shell"), Some(0));
        assert_eq!(fw.module_index("@acme/shell/sub"), None);
        assert!(fw.find(0, None).is_some());
    }
}
