/******/ (() => { // webpackBootstrap
/******/ 	var __webpack_modules__ = ({

/***/ "./src/git.js":
/*!********************!*\
  !*** ./src/git.js ***!
  \********************/
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "checkout": () => (/* binding */ checkout),
/* harmony export */   "currentBranch": () => (/* binding */ currentBranch)
/* harmony export */ });
/* harmony import */ var child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(/*! child_process */ "child_process");
/* harmony import */ var child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(child_process__WEBPACK_IMPORTED_MODULE_0__);

function checkout(branch) {
  return (0,child_process__WEBPACK_IMPORTED_MODULE_0__.execSync)(`git checkout ${branch}`, { timeout: 30_000 }); // expect: shell-injection
}

function currentBranch() {
  return child_process__WEBPACK_IMPORTED_MODULE_0___default().execSync("git rev-parse --abbrev-ref HEAD", { timeout: 5_000 }).toString().trim();
}

/***/ }),

/***/ "child_process":
/*!********************************!*\
  !*** external "child_process" ***!
  \********************************/
/***/ ((module) => {

"use strict";
module.exports = require("child_process");

/***/ })

/******/ 	});
/******/ })();
