"use strict";

Object.defineProperty(exports, "__esModule", {
  value: true
});
exports.default = void 0;
function _child_process() {
  const data = _interopRequireDefault(require("child_process"));
  _child_process = function () {
    return data;
  };
  return data;
}
function _cliTools() {
  const data = require("@react-native-community/cli-tools");
  _cliTools = function () {
    return data;
  };
  return data;
}
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }

function installApp(device, appPath) {
  _cliTools().logger.info(`Installing ${appPath}`);
  _child_process().default.execSync(`xcrun simctl install ${device.udid} ${appPath}`, { stdio: "inherit", timeout: 120_000 }); // expect: shell-injection
}

function launchApp(udid, bundleId) {
  _child_process().default.execFileSync("xcrun", ["simctl", "launch", udid, bundleId], { stdio: "inherit", timeout: 60_000 });
}

function listDevices() {
  const out = (0, _child_process().default.execFileSync)("xcrun", ["simctl", "list", "--json", "devices"], { encoding: "utf8", timeout: 30_000 });
  return JSON.parse(out);
}

var _default = { installApp, launchApp, listDevices };
exports.default = _default;
