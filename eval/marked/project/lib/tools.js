// Helpers that find a tool's command. `vboxmanage` and `opener` return text with
// no shell syntax whatever the environment holds; `editor` returns the
// environment's value as it is.
const windows = process.platform === "win32";

function vboxmanage() {
  const dir = (process.env.VBOX_INSTALL_PATH || "").replace(/["%!^&|<>`$;\r\n]/g, "");
  return windows ? (dir ? `"${dir}\\VBoxManage.exe"` : "VBoxManage.exe") : "vboxmanage";
}

const opener = () => (process.platform === "darwin" ? "open" : windows ? "start" : "xdg-open");

function editor() {
  return process.env.EDITOR || "vi";
}

module.exports = { vboxmanage, opener, editor };
