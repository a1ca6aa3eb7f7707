/******/ (() => { // webpackBootstrap
/******/ 	var __webpack_modules__ = ({

/***/ 3109:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {

"use strict";
var __importStar = (this && this.__importStar) || function (mod) { return mod; };
Object.defineProperty(exports, "__esModule", ({ value: true }));
const child_process = __importStar(__nccwpck_require__(2081));
function installTool(version) {
    child_process.execSync(`npm install -g tool@${version}`, { stdio: "inherit", timeout: 300000 }); // expect: shell-injection
}
function toolVersion() {
    return child_process.execFileSync("tool", ["--version"], { encoding: "utf8", timeout: 10000 }).trim();
}
exports.installTool = installTool;
exports.toolVersion = toolVersion;

/***/ }),

/***/ 2081:
/***/ ((module) => {

"use strict";
module.exports = require("child_process");

/***/ })

/******/ 	});
/******/ 	var __webpack_module_cache__ = {};
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		var module = __webpack_module_cache__[moduleId] = { exports: {} };
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		return module.exports;
/******/ 	}
/******/ 	var __webpack_exports__ = __nccwpck_require__(3109);
/******/ 	module.exports = __webpack_exports__;
/******/ })();
